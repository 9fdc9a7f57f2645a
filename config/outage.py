"""A database or cache that is down: a 503 page (or JSON for API clients), never a traceback.

Both are shared services of a team deployment (PostgreSQL, Redis); either may restart while the
origins keep running. A request that meets one then gets "try again shortly" with
``Retry-After``, whichever layer met it: a view, a middleware (sessions, the portal's identity)
or the session save on the way out.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from http import HTTPStatus

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

try:  # redis is installed for the team deployment only (the `serve` extra)
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover - without redis there is no Redis to be down
    _CACHE_ERRORS = ()


def outage_of(exc: BaseException | None) -> str | None:
    """``"database"`` or ``"cache"`` when ``exc`` (or what caused it) says that service is
    unreachable; None for anything else, which stays an ordinary 500 (a bug to see)."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, OperationalError | InterfaceError):
            return "database"
        if _CACHE_ERRORS and isinstance(exc, _CACHE_ERRORS):
            return "cache"
        # A DatabaseCache that cannot reach its table fails with the database's error.
        if isinstance(exc, DatabaseError) and "connection" in str(exc).lower():
            return "database"
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def outage_response(request: HttpRequest, service: str) -> HttpResponse:
    """The 503 answer. Rendered without the request's context: its context processors would
    read the session or the signed-in user, which is what is down."""
    wants_html = request.accepts("text/html") and not request.path.startswith(
        ("/v1/", "/identity/o/api/", "/qa/")
    )
    if wants_html:
        response = HttpResponse(
            loader.render_to_string("503.html", {"service": service}),
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    else:
        response = JsonResponse(
            {
                "code": "service_unavailable",
                "description": f"The {service} is not answering; try again shortly.",
            },
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _remember_outage(sender, request: HttpRequest | None = None, **kwargs) -> None:
    # Sent while Django turns an exception raised by a middleware into its 500 page, inside the
    # except block: the exception is still sys.exc_info()'s.
    service = outage_of(sys.exc_info()[1])
    if request is not None and service is not None:
        request._outage = service


class ServiceUnavailableMiddleware:
    """Turns an unreachable database or cache into a 503 page, wherever the request met it.

    A view's exception arrives at ``process_exception``. One raised by another middleware
    never reaches this one as an exception (Django answers it with a 500 page at that layer),
    so a ``got_request_exception`` receiver marks the request and the 500 is replaced here,
    this middleware being the outermost.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_remember_outage, dispatch_uid="config.outage")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        service = getattr(request, "_outage", None)
        if service is not None and response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            return outage_response(request, service)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        service = outage_of(exception)
        if service is None:
            return None
        logger.error(
            "%s unavailable: %s %s: %s", service, request.method, request.path,
            f"{type(exception).__name__}: {exception}".strip(),
        )
        return outage_response(request, service)
