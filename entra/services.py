"""Writes of the mock Entra ID: directory objects, sign-in records, grants."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction

from entra.internal.signin_state import SignInState
from entra.models import AppRegistration, GrantLink, Role, SignIn, Tenant, User


def token_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def tenant_upsert(*, name: str, domain: str, **fields) -> Tenant:
    tenant, _ = Tenant.objects.update_or_create(domain=domain, defaults={"name": name, **fields})
    return tenant


@transaction.atomic
def user_upsert(
    *,
    upn: str,
    tenant: Tenant,
    password: str,
    given_name: str,
    family_name: str,
    roles: Iterable[Role] = (),
) -> User:
    """Create or update a directory user; the password is reset to ``password``."""
    user = User.objects.filter(email=upn.lower()).first() or User(email=upn.lower())
    user.tenant = tenant
    user.given_name, user.family_name = given_name, family_name
    user.roles = [Role(r).value for r in roles]
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_totp_secret(upn: str) -> str:
    """A TOTP secret that is stable per checkout, so a trainer enrols a phone app only once."""
    digest = hmac.new(settings.SECRET_KEY.encode(), upn.lower().encode(), hashlib.sha1).digest()
    return base64.b32encode(digest).decode()


def totp_register(*, user: User, secret: str) -> Authenticator:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


@transaction.atomic
def client_upsert(
    *,
    client_id: str,
    name: str,
    secret: str | None,
    grant_types: list[str],
    redirect_uris: list[str],
    post_logout_redirect_uris: list[str] = (),
    tenant: Tenant | None = None,
) -> Client:
    client = Client.objects.filter(id=client_id).first() or Client(id=client_id)
    client.name = name
    client.type = Client.Type.CONFIDENTIAL if secret else Client.Type.PUBLIC
    if secret:
        client.set_secret(secret)
    client.set_scopes(["openid", "profile", "email"])
    client.set_default_scopes(["openid"])
    client.set_grant_types(grant_types)
    client.set_response_types(["code"] if "authorization_code" in grant_types else [])
    client.set_redirect_uris(redirect_uris)
    client.set_post_logout_redirect_uris(list(post_logout_redirect_uris))
    # Seeded apps are pre-consented by the tenant admin, as first-party apps are in Entra.
    client.skip_consent = True
    client.save()
    if tenant is not None:
        AppRegistration.objects.update_or_create(client=client, defaults={"tenant": tenant})
    return client


def signin_record_for_code(*, user: User, state: SignInState, code: str) -> SignIn:
    """Remember how ``user`` authenticated for the code just issued to a client."""
    sign_in = SignIn.objects.create(user=user, amr=list(state.amr), auth_time=state.auth_time)
    GrantLink.objects.create(token_hash=token_hash(code), kind=GrantLink.Kind.CODE, sign_in=sign_in)
    return sign_in


def grant_link_rotate(*, old: GrantLink, refresh_token: str | None) -> None:
    """A code or refresh token was redeemed: its link goes, a new refresh token inherits it."""
    if refresh_token:
        GrantLink.objects.create(
            token_hash=token_hash(refresh_token),
            kind=GrantLink.Kind.REFRESH_TOKEN,
            sign_in=old.sign_in,
        )
    if old.kind == GrantLink.Kind.CODE or refresh_token:
        old.delete()
