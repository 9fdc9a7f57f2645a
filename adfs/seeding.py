"""Seed and reset Wingtip AD FS's directory (idempotent: running it again changes nothing)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client, Token
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction

from adfs import demo_data, services
from adfs.models import SignIn, User
from config.idpkit.failure_limits import failures_forget


def federation_redirect_uri() -> str:
    """Where the mock Entra ID's allauth socialaccount OpenID Connect provider takes answers."""
    return (
        f"{settings.IDP_BASE_URL}/accounts/oidc/{settings.ADFS_FEDERATION_PROVIDER_ID}"
        "/login/callback/"
    )


def _seed_user(seeded: demo_data.DemoUser) -> User:
    user = services.user_upsert(
        upn=seeded.upn, password=settings.ADFS["DEMO_PASSWORD"], given_name=seeded.given_name,
        family_name=seeded.family_name, skip_mfa=seeded.skip_mfa,
    )
    services.totp_ensure(user=user, secret=services.demo_totp_secret(seeded.upn))
    return user


@transaction.atomic
def seed_adfs_directory() -> dict[str, int]:
    for u in demo_data.USERS:
        _seed_user(u)
    services.client_upsert(
        client_id=settings.ADFS_FEDERATION_CLIENT_ID,
        name=demo_data.FEDERATION_CLIENT_NAME,
        secret=settings.ADFS_FEDERATION_CLIENT_SECRET,
        redirect_uris=[federation_redirect_uri()],
        post_logout_redirect_uris=[f"{settings.IDP_BASE_URL}/"],
    )
    return {"users": User.objects.count(), "clients": Client.objects.count()}


@transaction.atomic
def reset_adfs_directory() -> dict[str, int]:
    """Back to the seeded state: every sign-in, token, session and switch flipped is dropped."""
    for model in (SignIn, Token, Client, Authenticator, EmailAddress, User, Session):
        model.objects.all().delete()
    cache.clear()  # authorization codes, used TOTP codes and rate-limit counters live there
    return seed_adfs_directory()


@transaction.atomic
def reset_adfs_user(*, user: User) -> dict[str, object]:
    """One persona back to its seeded state (the portal launcher's "Start" for journey 2): its
    sign-ins, tokens, extra MFA methods, AD FS sessions and sign-in failures are dropped, its
    password and the skip-MFA switch set back. Raises ``LookupError`` for a user who is not a
    seeded persona."""
    seeded = {u.upn: u for u in demo_data.USERS}.get(user.email)
    if seeded is None:
        raise LookupError(user.email)
    SignIn.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # Database sessions cannot be filtered by user without decoding them; a demo has few.
    ended = 0
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    failures_forget(f"password:{user.email}", f"mfa:{user.pk}")
    _seed_user(seeded)
    return {"upn": user.email, "sessions_ended": ended}
