"""Reads of the mock Entra ID."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.exceptions import ValidationError

from config.idpkit.allauth_internals import (
    cache_device_code_key,
    str_to_user_id,
    validate_user_code,
)
from entra.models import GrantLink, Tenant, User
from entra.services import token_hash


def grant_link_lock(*, kind: GrantLink.Kind, value: str) -> GrantLink | None:
    """The link of a code, device code or refresh token, locked until the transaction ends, so
    concurrent redemptions of one grant queue up behind each other (SQLite: the IMMEDIATE
    transaction)."""
    return (
        GrantLink.objects.select_for_update()
        .select_related("sign_in")
        .filter(kind=kind, token_hash=token_hash(value))
        .first()
    )


def tenant_get_by_domain(*, domain: str) -> Tenant | None:
    return Tenant.objects.filter(domain=domain.lower()).first()


def user_get_by_upn(*, upn: str) -> User | None:
    return User.objects.select_related("tenant").filter(email=upn.lower()).first()


def user_totp(*, user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def user_has_totp(*, user: User) -> bool:
    return user_totp(user=user) is not None


# The methods a user verifies with (recovery codes only back them up).
_ENTRA_MFA_METHODS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def user_has_entra_mfa_method(*, user: User) -> bool:
    """Whether the user has registered an Entra MFA method: an authenticator app, a passkey
    (security key), an activated hardware OATH token or a phone (SMS, voice). Such a user is
    sent to verification, never to registration."""
    from entra.methods.selectors import user_has_other_entra_method

    return Authenticator.objects.filter(
        user=user, type__in=_ENTRA_MFA_METHODS
    ).exists() or user_has_other_entra_method(user=user)


def user_passkeys(*, user: User) -> list[Authenticator]:
    """The user's passkeys and security keys (allauth's WebAuthn authenticators), oldest first."""
    return list(
        Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).order_by("pk")
    )


def user_verifies_with_passkey_only(*, user: User) -> bool:
    """A passkey (or security key) and no authenticator app: verification starts with it."""
    return not user_has_totp(user=user) and bool(user_passkeys(user=user))


def user_latest_mfa_method(*, user: User) -> Authenticator | None:
    """The method the user registered last (what the "registered" page names)."""
    return (
        Authenticator.objects.filter(user=user, type__in=_ENTRA_MFA_METHODS)
        .order_by("-created_at", "-pk")
        .first()
    )


def device_code_for_user_code(*, user_code: str) -> str | None:
    """The pending device code a user code on the device page stands for (allauth keeps both in
    the cache), or None when it is unknown, expired or already confirmed or denied."""
    try:
        device_code, _client = validate_user_code(user_code)
    except ValidationError:
        return None
    return device_code


def device_code_grantee(*, device_code: str) -> Any | None:
    """The primary key of the user who confirmed ``device_code`` (allauth's record of it), or
    None while it is pending, or when it was denied, expired or never issued."""
    data = cache.get(cache_device_code_key(device_code))
    if not isinstance(data, dict) or data.get("granted") is not True or not data.get("user"):
        return None
    return str_to_user_id(data["user"])
