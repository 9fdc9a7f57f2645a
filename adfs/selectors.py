"""Reads of Wingtip AD FS."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from adfs.models import SignIn, User
from adfs.services import token_hash


def user_get_by_upn(*, upn: str) -> User | None:
    return User.objects.filter(email=upn.lower()).first()


def user_list() -> QuerySet[User]:
    return User.objects.all()


def user_totp(*, user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def user_has_totp(*, user: User) -> bool:
    return user_totp(user=user) is not None


def sign_in_for_code_lock(*, code: str) -> SignIn | None:
    """The record of an authorization code, locked until the transaction ends, so concurrent
    redemptions of one code queue up behind each other (SQLite: the IMMEDIATE transaction)."""
    return (
        SignIn.objects.select_for_update()
        .select_related("user")
        .filter(code_hash=token_hash(code))
        .first()
    )
