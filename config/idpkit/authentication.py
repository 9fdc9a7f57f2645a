"""What the current session proves: the latest first factor and the MFA steps taken after it.

allauth logs every authentication step of a session (password, MFA, re-authentication). A
password step starts a new authentication, so ``prompt=login`` really starts over: the MFA
steps of the previous one no longer count. Each identity provider turns this into its own
``amr`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from .allauth_internals import get_authentication_records

_FIRST_FACTORS = frozenset({"password", "password_reset"})


@dataclass(frozen=True)
class MfaStep:
    type: str  # allauth's authenticator type: "totp", "recovery_codes", "webauthn"
    at: datetime


@dataclass(frozen=True)
class Authentication:
    started_at: datetime | None  # None: the session records no first factor (proves nothing)
    mfa_steps: tuple[MfaStep, ...] = ()

    @property
    def has_mfa(self) -> bool:
        return bool(self.mfa_steps)


def _at(record: dict) -> datetime:
    return datetime.fromtimestamp(record["at"], tz=UTC)


def current_authentication(request: HttpRequest, user: AbstractBaseUser) -> Authentication:
    """The session's current authentication of ``user`` (latest first factor onwards)."""
    records = get_authentication_records(request, user)
    starts = [i for i, r in enumerate(records) if r.get("method") in _FIRST_FACTORS]
    if not starts:
        return Authentication(started_at=None)
    start = starts[-1]
    steps = tuple(
        MfaStep(type=str(r.get("type", "")), at=_at(r))
        for r in records[start + 1 :]
        if r.get("method") == "mfa"
    )
    return Authentication(started_at=_at(records[start]), mfa_steps=steps)
