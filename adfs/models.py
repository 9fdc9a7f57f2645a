"""Wingtip AD FS's own directory (its users, each with the "skip MFA" switch) and sign-ins."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A user of Wingtip's on-premises directory. ``email`` is the user principal name (UPN)."""

    object_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("user principal name"), unique=True)
    given_name = models.CharField(max_length=64, blank=True)
    family_name = models.CharField(max_length=64, blank=True)
    # AD FS's "MFA is not required for this user" (an exception in the access control policy):
    # password only at sign-in, unless the client's request asks for MFA.
    skip_mfa = models.BooleanField(_("MFA is not required for this user"), default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def get_short_name(self) -> str:
        return self.given_name


class SignIn(models.Model):
    """How the user authenticated when an authorization code was issued.

    allauth's codes carry no ``amr``/``auth_time``: the authorize wrapper records them here under
    the code's hash and the token endpoint reads them back. The row also makes the code
    single-use under concurrency: redeemed once, a second presentation is a replay that revokes
    what the first one issued (RFC 6749 section 4.1.2).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    amr = models.JSONField()
    auth_time = models.DateTimeField()
    code_hash = models.CharField(max_length=64, unique=True)  # allauth's SHA-256 of the code
    issued_token_hashes = models.JSONField(default=list, blank=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} {self.amr}"
