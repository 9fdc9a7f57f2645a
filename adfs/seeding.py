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


def federation_redirect_uri() -> str:
    """Where the mock Entra ID's allauth socialaccount OpenID Connect provider takes answers."""
    return (
        f"{settings.IDP_BASE_URL}/accounts/oidc/{settings.ADFS_FEDERATION_PROVIDER_ID}"
        "/login/callback/"
    )


@transaction.atomic
def seed_adfs_directory() -> dict[str, int]:
    password = settings.ADFS["DEMO_PASSWORD"]
    for u in demo_data.USERS:
        user = services.user_upsert(
            upn=u.upn, password=password, given_name=u.given_name,
            family_name=u.family_name, skip_mfa=u.skip_mfa,
        )
        services.totp_ensure(user=user, secret=services.demo_totp_secret(u.upn))
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
