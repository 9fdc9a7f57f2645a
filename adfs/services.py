"""Writes of Wingtip AD FS: directory users, their MFA switch, the client, sign-in records."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.idp.oidc.adapter import get_adapter as get_oidc_adapter
from allauth.idp.oidc.models import Client, Token
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from adfs.internal.signin_state import SignInState
from adfs.models import SignIn, User
from config.idpkit.allauth_internals import TOTP
from config.idpkit.hashers import client_secret_set


def token_hash(value: str) -> str:
    # allauth's own hash of a code or token, so a record names the same row as allauth's Token.
    return get_oidc_adapter().hash_token(value)


@transaction.atomic
def user_upsert(
    *, upn: str, password: str, given_name: str, family_name: str, skip_mfa: bool = False
) -> User:
    """Create or update a directory user; password and MFA switch go back to the given ones."""
    user = User.objects.filter(email=upn.lower()).first() or User(email=upn.lower())
    user.given_name, user.family_name = given_name, family_name
    user.skip_mfa = skip_mfa
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def user_skip_mfa_set(*, user: User, skip: bool) -> User:
    """Turn AD FS's "MFA is not required for this user" on or off; the next sign-in obeys."""
    user.skip_mfa = skip
    user.save(update_fields=["skip_mfa"])
    return user


def demo_totp_secret(upn: str) -> str:
    """A TOTP secret stable per checkout (derived from this origin's secret key), so that a
    trainer enrols the authenticator app once and it keeps working across resets."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"adfs-totp:{upn.lower()}".encode(), hashlib.sha1).digest()
    return base64.b32encode(digest).decode()


def totp_ensure(*, user: User, secret: str) -> Authenticator:
    """``user``'s TOTP method with exactly ``secret`` (replaced if it holds another one)."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        if decrypt(existing.data["secret"]) == secret:
            return existing
        existing.delete()
    return TOTP.activate(user, secret).instance


@transaction.atomic
def client_upsert(
    *,
    client_id: str,
    name: str,
    secret: str,
    redirect_uris: Iterable[str],
    post_logout_redirect_uris: Iterable[str] = (),
) -> Client:
    """A confidential, pre-consented client of the authorization code grant (PKCE allowed)."""
    # secret="": allauth's default would hash a random one with the slow hasher, to be replaced.
    client = Client.objects.filter(id=client_id).first() or Client(id=client_id, secret="")
    client.name = name
    client.type = Client.Type.CONFIDENTIAL
    # Not allauth's set_secret: that runs the password hasher, and so would every token request.
    client_secret_set(client=client, secret=secret)
    client.set_scopes(["openid", "profile", "email"])
    client.set_default_scopes(["openid"])
    client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE])
    client.set_response_types([Client.ResponseType.CODE])
    client.set_redirect_uris(list(redirect_uris))
    client.set_post_logout_redirect_uris(list(post_logout_redirect_uris))
    # Set up by Wingtip's administrator as a relying party trust: nobody is asked to consent.
    client.skip_consent = True
    client.save()
    return client


def sign_in_record(*, user: User, state: SignInState, code: str) -> SignIn:
    """Remember how ``user`` authenticated for the authorization code just issued."""
    return SignIn.objects.create(
        user=user, amr=list(state.amr), auth_time=state.auth_time, code_hash=token_hash(code)
    )


def sign_in_redeemed(*, sign_in: SignIn, issued: Mapping[str, Any]) -> None:
    """The code got its one token response; remember what it issued, to revoke on replay."""
    sign_in.redeemed_at = timezone.now()
    sign_in.issued_token_hashes = [
        token_hash(value)
        for name in ("access_token", "refresh_token")
        if isinstance(value := issued.get(name), str) and value
    ]
    sign_in.save(update_fields=["redeemed_at", "issued_token_hashes"])


def sign_in_revoke(*, sign_in: SignIn) -> int:
    """The code was presented again: revoke every token its first redemption issued."""
    deleted, _ = Token.objects.filter(hash__in=list(sign_in.issued_token_hashes)).delete()
    return deleted
