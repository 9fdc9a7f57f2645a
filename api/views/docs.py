"""The API's answers that are not operations."""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from api.errors import error_body


@csrf_exempt  # a JSON 404 for any method; nothing is read or written
def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        error_body("not_found", f"The Partner Center API has no resource at {request.path}."),
        status=HTTPStatus.NOT_FOUND,
    )
