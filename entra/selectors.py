"""Reads of the mock Entra ID."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from entra.models import GrantLink, Tenant, User
from entra.services import token_hash


def grant_link_lock(*, kind: GrantLink.Kind, value: str) -> GrantLink | None:
    """The link of a code or refresh token, locked until the transaction ends, so concurrent
    redemptions of one grant queue up behind each other (SQLite: the IMMEDIATE transaction)."""
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
