"""Sign-in failure limits that count failures, not attempts.

allauth's ``login_failed`` limit is spent when a password or code check *starts* and given back
when it succeeds, so checks in flight count as failures: fifty people of one class signing in
at the same second spend the per-address budget, and five concurrent sign-ins of one user spend
that user's, and the next one is refused with the right password. Counting only what failed
would open the opposite hole: fifty wrong passwords sent at once would all be checked before
the first failure is recorded.

So each rate (allauth's syntax, e.g. ``60/m/ip,5/5m/key``) is a row of *seats*, one per
permitted failure. A check takes a free seat in every rate before it runs; a failed check keeps
its seats for the rate's window (a failure), a good one gives them back. When every seat holds
a failure, the user (or address) is locked out; when some are only taken by checks still
running, the next check waits for them instead of being refused. Fifty correct sign-ins then
all succeed, and fifty wrong passwords sent at once are five checked, forty-five refused.

Seats are cache entries taken with ``cache.add`` (atomic in every backend Django ships), so
the limits hold across worker processes sharing a cache, as allauth's do; a seat of a check
that died with its process frees itself after ``IN_FLIGHT_TTL``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.http import HttpRequest

from .rates import Rate, parse_rates

# A check holds its seats this long at most: far beyond the slowest password hash.
IN_FLIGHT_TTL = 60
# How long a check waits for checks in flight to free a seat, before it is refused as if
# locked out (they normally take milliseconds to a second).
MAX_WAIT = 20.0
_FAILED = "failed"
_IN_FLIGHT = "in_flight"


class TooManyFailures(Exception):
    """The user or the client address has used up its failures for now."""


def configured_rates() -> list[Rate]:
    return parse_rates(settings.SIGN_IN_FAILURE_LIMITS)


def _client_address(request: HttpRequest) -> str:
    address = get_account_adapter(request).get_client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    # One IPv6 host owns a whole /64: counting per address would let it rotate forever.
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def _keys(rate: Rate, source: str) -> list[str]:
    digest = hashlib.sha256(source.encode()).hexdigest()[:32]
    return [f"idpkit:failures:{rate}:{digest}:{n}" for n in range(rate.failures)]


def _seat_keys(request: HttpRequest, rate: Rate, subject: str) -> list[str]:
    return _keys(rate, _client_address(request) if rate.per == "ip" else subject)


def failures_forget(*subjects: str) -> None:
    """Unlock ``subjects`` (a persona put back to its seeded state by the QA API): their
    failures are dropped from every per-user rate. Per-address rates are left alone: they
    belong to the classroom's address, not to one persona."""
    cache.delete_many(
        [key for rate in configured_rates() if rate.per != "ip" for s in subjects
         for key in _keys(rate, s)]
    )


class Attempt:
    """One password or code check holding a seat in every rate (see the module)."""

    def __init__(self, request: HttpRequest, subject: str, rates: list[Rate]) -> None:
        self._wanted = [(rate, _seat_keys(request, rate, subject)) for rate in rates]
        self._token = secrets.token_hex(8)
        self._held: list[tuple[Rate, str]] = []
        self.did_fail = False

    def failed(self) -> None:
        """The check failed: the seats are kept, as a failure, for each rate's window."""
        self.did_fail = True

    def _take_seats(self) -> bool:
        """Take a seat in every rate, or none. False: wait (checks in flight hold them all).
        Raises TooManyFailures when one rate's seats all hold failures."""
        mine = {"state": _IN_FLIGHT, "token": self._token}
        for rate, keys in self._wanted:
            # Usually a seat picked at random is free: one cache round trip, and checks at the
            # same moment rarely pick the same one. Otherwise look at them all.
            first = keys[secrets.randbelow(len(keys))]
            if cache.add(first, mine, IN_FLIGHT_TTL):
                self._held.append((rate, first))
                continue
            seats: dict[str, Any] = cache.get_many(keys)
            if len(seats) == len(keys) and all(s.get("state") == _FAILED for s in seats.values()):
                self._give_back()
                raise TooManyFailures(str(rate))
            taken = next(
                (k for k in keys if k not in seats and cache.add(k, mine, IN_FLIGHT_TTL)), None
            )
            if taken is None:
                # Never wait holding seats of another rate: two checks each holding what the
                # other waits for would wait for ever.
                self._give_back()
                return False
            self._held.append((rate, taken))
        return True

    def _give_back(self) -> None:
        cache.delete_many([key for _, key in self._held])
        self._held = []

    def _settle(self) -> None:
        if self.did_fail:
            failure = {"state": _FAILED, "at": time.time()}
            for rate, key in self._held:
                cache.set(key, failure, max(1, round(rate.seconds)))
            self._held = []
        else:
            self._give_back()

    def __enter__(self) -> Attempt:
        deadline = time.monotonic() + MAX_WAIT
        pause = 0.005
        while not self._take_seats():
            if time.monotonic() >= deadline:
                raise TooManyFailures("checks in flight did not finish in time")
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # An error in the check itself (the database gone) is not a wrong password: no failure.
        self._settle()


@contextmanager
def attempt(subject: str, request: HttpRequest | None = None) -> Iterator[Attempt]:
    """Hold seats for one check of ``subject`` (a user or a typed login, and the client's
    address): call ``failed()`` on it when the check fails. Raises TooManyFailures when
    ``subject`` or the address is locked out."""
    with Attempt(request or context.request, subject, configured_rates()) as held:
        yield held


def ensure_not_locked(subject: str, request: HttpRequest | None = None) -> None:
    """Raise TooManyFailures when ``subject`` (or the address) is locked out, counting nothing:
    for an action that is no check itself but must not start while locked (sending a push)."""
    with attempt(subject, request):
        pass  # a seat taken and given back: the lock-out is read, nothing is counted


class FailureCountingAccountAdapter:
    """Mixin for allauth's account adapter: password checks under these limits, keyed by the
    login typed (lower-cased; unknown users included, so a guess costs the same either way).

    allauth's own ``login_failed`` limit is switched off in the settings (it counts attempts);
    this counts the same sign-ins, re-authentication included, by their outcome.
    """

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        login = credentials.get("email") or credentials.get("username") or ""
        try:
            with attempt(f"password:{login.strip().lower()}", request) as check:
                user = super().authenticate(request, **credentials)
                if user is None:
                    check.failed()
        except TooManyFailures:
            raise self.validation_error("too_many_login_attempts") from None
        return user
