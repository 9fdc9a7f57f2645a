"""Reads of push registrations and challenges."""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from entra.models import PushChallenge, PushRegistration, User


def binding_hash(secret: str) -> str:
    """What the database keeps of a browser session's push secret (never the secret itself)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def push_timeout_seconds() -> int:
    return int(settings.ENTRA["PUSH_TIMEOUT_SECONDS"])


def push_registration_get(*, user: User) -> PushRegistration | None:
    return PushRegistration.objects.filter(user=user).order_by("created_at").first()


def user_has_push(*, user: User) -> bool:
    return PushRegistration.objects.filter(user=user).exists()


@dataclass(frozen=True)
class ChallengeView:
    """A challenge as a page or the phone shows it, with time-outs already applied."""

    challenge: PushChallenge
    state: str  # pending, approved, denied, expired, consumed, superseded
    expires_in: int

    @property
    def id(self) -> uuid.UUID:
        return self.challenge.id


def challenge_state(challenge: PushChallenge, *, now: datetime | None = None) -> ChallengeView:
    now = now or timezone.now()
    left = (challenge.expires_at - now).total_seconds()
    state = challenge.status
    if state == PushChallenge.Status.PENDING and left <= 0:
        state = "expired"
    return ChallengeView(challenge=challenge, state=str(state), expires_in=max(0, math.ceil(left)))


def push_challenge_for_session(
    *, challenge_id: uuid.UUID | str, session_secret: str, user: User | None = None
) -> ChallengeView | None:
    """The challenge if this browser session asked for it (and it is ``user``'s, when given),
    else None: another session's challenge is as good as unknown."""
    try:
        key = uuid.UUID(str(challenge_id))
    except ValueError:
        return None
    rows = PushChallenge.objects.filter(pk=key, session_binding=binding_hash(session_secret))
    challenge = (rows.filter(user=user) if user is not None else rows).first()
    return challenge_state(challenge) if challenge else None


def push_challenges_pending(*, user: User) -> list[ChallengeView]:
    """Requests the user's phone shows now: pending and not timed out, newest first."""
    now = timezone.now()
    rows = PushChallenge.objects.filter(
        user=user, status=PushChallenge.Status.PENDING, expires_at__gt=now
    ).order_by("-created_at")
    return [challenge_state(c, now=now) for c in rows]


def push_challenge_get(*, user: User, challenge_id: uuid.UUID) -> PushChallenge | None:
    return PushChallenge.objects.filter(pk=challenge_id, user=user).first()
