"""Writes of push notifications: registration, sending a challenge, the phone's answer, and
redeeming an approval once.

Every change of a challenge's status is one conditional UPDATE (``WHERE status = ...``), so two
answers racing (approve twice, approve and deny, one approval for two sign-ins) have exactly one
winner whatever the database. Denials and wrong numbers count against the user's MFA failure
limit (``config.idpkit.failure_limits``, the key the code forms use): five lock MFA, push and
codes alike, for the limit's window.
"""

from __future__ import annotations

import enum
import secrets
import uuid
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from config.idpkit import failure_limits
from entra.models import PushChallenge, PushRegistration, User
from entra.push import APP_NAME
from entra.push.selectors import binding_hash, push_registration_get, push_timeout_seconds

Status = PushChallenge.Status


class NoPushRegistration(LookupError):
    """The user has not registered the Authenticator app for push."""


def failure_key(user: User) -> str:
    # The same key as the code forms (config/idpkit/mfa_forms.py): one MFA budget per user.
    return f"mfa:{user.pk}"


def push_registration_create(*, user: User) -> PushRegistration:
    """Register the Authenticator app for push (idempotent: one app per user here)."""
    return push_registration_get(user=user) or PushRegistration.objects.create(
        user=user, app_name=APP_NAME
    )


def push_registrations_delete(*, user: User) -> int:
    """The app is gone (TOTP removed, persona reset): its pending requests go with it."""
    deleted, _ = PushRegistration.objects.filter(user=user).delete()
    return deleted


def push_challenge_create(
    *, user: User, session_secret: str, client_name: str = "",
    request: HttpRequest | None = None,
) -> PushChallenge:
    """Send an "Approve sign-in request" with a fresh two-digit number to the user's phone.

    Earlier pending requests of the same browser session are superseded (a "Send another
    request" must not leave two numbers to choose from). Raises ``NoPushRegistration``, or
    ``failure_limits.TooManyFailures`` when the user's MFA is locked (no new request then: a
    user flooded with requests who keeps denying them stops the flood).
    """
    registration = push_registration_get(user=user)
    if registration is None:
        raise NoPushRegistration(user.email)
    failure_limits.ensure_not_locked(failure_key(user), request)
    now = timezone.now()
    binding = binding_hash(session_secret)
    with transaction.atomic():
        PushChallenge.objects.filter(
            user=user, session_binding=binding, status=Status.PENDING
        ).update(status=Status.SUPERSEDED)
        return PushChallenge.objects.create(
            user=user, registration=registration, session_binding=binding,
            # secrets, not random: someone watching numbers must not predict the next one.
            number=10 + secrets.randbelow(90), client_name=client_name[:200],
            created_at=now, expires_at=now + timedelta(seconds=push_timeout_seconds()),
        )


class Answer(enum.Enum):
    APPROVED = "approved"
    DENIED = "denied"
    WRONG_NUMBER = "wrong_number"
    # Answered already, timed out, superseded or used: nothing changed.
    NOT_PENDING = "not_pending"
    TOO_MANY_FAILURES = "too_many_failures"


def _pending(*, user: User, challenge_id: uuid.UUID):
    return PushChallenge.objects.filter(
        pk=challenge_id, user=user, status=Status.PENDING, expires_at__gt=timezone.now()
    )


def _count_failure(user: User, request: HttpRequest | None) -> None:
    try:
        with failure_limits.attempt(failure_key(user), request) as check:
            check.failed()
    except failure_limits.TooManyFailures:
        pass  # already locked: the denial stands all the same


def push_challenge_approve(
    *, user: User, challenge_id: uuid.UUID, number: int, request: HttpRequest | None = None
) -> Answer:
    """The phone's Approve with the number typed: the right number approves, a wrong one denies
    the request (and counts as a failure), as Authenticator's number matching does."""
    try:
        with failure_limits.attempt(failure_key(user), request) as check:
            now = timezone.now()
            if _pending(user=user, challenge_id=challenge_id).filter(number=number).update(
                status=Status.APPROVED, answered_at=now
            ):
                return Answer.APPROVED
            if _pending(user=user, challenge_id=challenge_id).update(
                status=Status.DENIED, denial_reason=PushChallenge.DenialReason.WRONG_NUMBER,
                answered_at=now,
            ):
                check.failed()
                return Answer.WRONG_NUMBER
            return Answer.NOT_PENDING
    except failure_limits.TooManyFailures:
        return Answer.TOO_MANY_FAILURES


def push_challenge_deny(
    *, user: User, challenge_id: uuid.UUID, request: HttpRequest | None = None
) -> Answer:
    """The phone's Deny: the sign-in waiting for it fails, and the denial counts as a failure
    (a user denying requests they did not start is what stops a stolen password)."""
    if not _pending(user=user, challenge_id=challenge_id).update(
        status=Status.DENIED, denial_reason=PushChallenge.DenialReason.DENIED,
        answered_at=timezone.now(),
    ):
        return Answer.NOT_PENDING
    _count_failure(user, request)
    return Answer.DENIED


def push_challenge_redeem(*, user: User, challenge_id: uuid.UUID, session_secret: str) -> bool:
    """Use an approval for the sign-in of the session that asked for it: True exactly once.

    An approval left unused stays redeemable for one more time-out after the request's own (a
    browser without JavaScript needs a click to come back).
    """
    grace = timezone.now() - timedelta(seconds=push_timeout_seconds())
    return bool(
        PushChallenge.objects.filter(
            pk=challenge_id, user=user, session_binding=binding_hash(session_secret),
            status=Status.APPROVED, expires_at__gt=grace,
        ).update(status=Status.CONSUMED, consumed_at=timezone.now())
    )
