"""Sign-ins started in this browser and not answered yet: one signed cookie per ``state``.

mozilla-django-oidc keeps every pending ``state`` in one session dict. Each request writes the
whole session back, so sign-ins started at the same time in one browser (tabs, a page that
fires several protected requests) overwrite each other's entry and all but the last writers'
callbacks fail. Here each pending sign-in is a cookie of its own, named after its ``state``:
concurrent starts set different cookies, which cannot clobber one another, and nothing is shared
on the server, so the session is not even written until the callback.

Each cookie is
- bound to this browser: HttpOnly, host-only, sent only to the OIDC endpoints, SameSite=Lax
  (the provider's answer is a top-level GET navigation, which Lax still sends it with);
- unforgeable and not transplantable: signed with the secret key and a salt naming its
  ``state``, so a value copied under another state's name fails verification;
- expiring: the browser drops it after ``PENDING_LIFETIME`` and the signature's timestamp is
  checked against the same limit, whatever the browser does;
- single use: the callback deletes it with its answer (and the authorization code it came with
  is itself single use at the provider);
- capped: starting a sign-in evicts the oldest pending ones beyond ``MAX_PENDING`` or beyond
  ``PENDING_BYTES_BUDGET``, so the Cookie header stays within what web servers accept.

The cookie is signed, not encrypted: it holds the nonce (already in the authorization URL) and
the PKCE verifier, which is only useful together with this browser's authorization code.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# Long enough to sign in with a password and MFA (or register a method), short enough that a
# forgotten tab's sign-in does not linger.
PENDING_LIFETIME = 10 * 60

# The most sign-ins one browser may have pending; starting another evicts the oldest.
MAX_PENDING = 10

# Servers commonly refuse request headers above 8 KiB (gunicorn, nginx): the pending cookies
# must leave room for the session, CSRF and language cookies on the callback request.
PENDING_BYTES_BUDGET = 6 * 1024

# `next` travels in the cookie; a browser silently drops a cookie above 4 KiB, which would
# turn a long address into an unexplained "unknown state" at the callback.
MAX_NEXT_LENGTH = 1024

COOKIE_PREFIX = "pc_signin_"
_SALT = "accounts.pending_signins"

# mozilla-django-oidc's states are get_random_string() output. Anything else is not ours and
# must never become a cookie name in a Set-Cookie header.
_STATE_RE = re.compile(r"[A-Za-z0-9]{16,128}")


@dataclass(frozen=True)
class PendingSignIn:
    state: str
    nonce: str | None
    code_verifier: str | None
    next_url: str | None
    stepup: bool
    started_at: float


def remember(request: HttpRequest, response: HttpResponse, pending: PendingSignIn) -> None:
    """Keep ``pending`` in this browser until its callback, within the caps."""
    if not _STATE_RE.fullmatch(pending.state):
        raise ValueError("A state must be a random alphanumeric string.")
    value = signing.dumps(asdict(pending), salt=_salt(pending.state), compress=True)
    budget = PENDING_BYTES_BUDGET - _size(pending.state, value)
    kept = sorted(_pending_in(request, response), key=lambda item: item[0].started_at)
    while kept and (len(kept) >= MAX_PENDING or sum(size for _, size in kept) > budget):
        oldest, _ = kept.pop(0)
        _delete(response, oldest.state)
    response.set_cookie(
        COOKIE_PREFIX + pending.state,
        value,
        max_age=PENDING_LIFETIME,
        path=_cookie_path(),
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def recall(request: HttpRequest, state: str) -> PendingSignIn | None:
    """The sign-in this browser started with ``state``, or None (unknown, tampered, expired)."""
    if not _STATE_RE.fullmatch(state):
        return None
    value = request.COOKIES.get(COOKIE_PREFIX + state)
    if value is None:
        return None
    try:
        data = signing.loads(value, salt=_salt(state), max_age=PENDING_LIFETIME)
        pending = PendingSignIn(**data)
    except (signing.BadSignature, TypeError):
        # TypeError: a payload of another shape, e.g. signed by an older release.
        return None
    return pending if pending.state == state else None


def forget(request: HttpRequest, response: HttpResponse, state: str) -> None:
    """End the pending sign-in ``state`` (answered, refused or unusable)."""
    if _STATE_RE.fullmatch(state) and COOKIE_PREFIX + state in request.COOKIES:
        _delete(response, state)


def _pending_in(
    request: HttpRequest, response: HttpResponse
) -> list[tuple[PendingSignIn, int]]:
    """The usable pending sign-ins this request carries, with their cookie sizes.

    Cookies of ours that no longer verify are deleted on the way: they could never complete.
    """
    found = []
    for name, value in request.COOKIES.items():
        if not name.startswith(COOKIE_PREFIX):
            continue
        state = name.removeprefix(COOKIE_PREFIX)
        pending = recall(request, state)
        if pending is None:
            forget(request, response, state)
        else:
            found.append((pending, _size(state, value)))
    return found


def _delete(response: HttpResponse, state: str) -> None:
    response.delete_cookie(COOKIE_PREFIX + state, path=_cookie_path(), samesite="Lax")


def _salt(state: str) -> str:
    return f"{_SALT}:{state}"


def _size(state: str, value: str) -> int:
    return len(COOKIE_PREFIX) + len(state) + len(value) + len("=; ")


def _cookie_path() -> str:
    # The start (which counts and evicts) and the callback (which redeems) both need the
    # cookies; no other page does, so they do not weigh on every request.
    start, callback = reverse("oidc:authenticate"), reverse("oidc:callback")
    return posixpath.commonpath([start, callback]).rstrip("/") + "/"
