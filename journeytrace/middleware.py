"""Sets the trace cookie when a request started this browser's trace."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from journeytrace import services


class JourneyTraceCookieMiddleware:
    """The trace's id travels in its own cookie, so recording never writes the session
    (``journeytrace.models.TraceStep`` says why)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        services.journey_cookie_set(request=request, response=response)
        return response
