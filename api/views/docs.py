"""The API's answers that are not operations."""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularSwaggerSplitView

from api.errors import error_body


@csrf_exempt  # a JSON 404 for any method; nothing is read or written
def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        error_body("not_found", f"The Partner Center API has no resource at {request.path}."),
        status=HTTPStatus.NOT_FOUND,
    )


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI for the API, served from the portal (drf-spectacular-sidecar: no CDN).

    Its page sets a few inline styles, which the site-wide policy (``default-src 'self'``)
    blocks; this page allows inline styles only, never inline scripts (the split view serves
    its script as a file).
    """

    schema = None  # a page about the API, not one of its operations

    def get(self, request: HttpRequest, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
        )
        return response
