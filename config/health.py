"""``/healthz`` of every origin: does its database answer, does its cache answer.

For a load balancer, a monitor or the person who just ran ``make serve``: 200 and
``{"status": "ok", ...}`` when both answer, 503 naming what is down otherwise. It needs no
sign-in and reads no session, so it says the truth about the services, not about the visitor.
"""

from __future__ import annotations

import logging
import secrets
from http import HTTPStatus

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A value of its own, so that an answer from a stale or wrong store is caught too.
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was just stored")
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure is "down"; the page must still answer
            # The error's kind only: the page is public and a message may name hosts or users.
            results[name] = f"down ({type(exc).__name__})"
            logger.error("healthz: %s down: %s: %s", name, type(exc).__name__, exc)
        else:
            results[name] = "ok"
    down = [name for name, result in results.items() if result != "ok"]
    return JsonResponse(
        {"status": "unavailable" if down else "ok", "down": down, "checks": results},
        status=HTTPStatus.SERVICE_UNAVAILABLE if down else HTTPStatus.OK,
    )
