"""Pieces of both identity providers' token-endpoint wrappers (around allauth's)."""

from __future__ import annotations

import re
from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse

from .allauth_internals import validate_resources

# Codes and refresh tokens these providers issue are URL-safe tokens (RFC 6749 section 4.1.2);
# anything else is refused before allauth builds a cache key of it (memcached refuses spaces).
GRANT_VALUE = re.compile(r"[A-Za-z0-9._~-]{1,512}")


def token_error(error: str, description: str) -> JsonResponse:
    """An OAuth error answer of the token endpoint (RFC 6749 section 5.2)."""
    response = JsonResponse(
        {"error": error, "error_description": description}, status=HTTPStatus.BAD_REQUEST
    )
    response["Cache-Control"] = "no-store"
    return response


def resource_error(request: HttpRequest) -> JsonResponse | None:
    """``invalid_target`` for a ``resource`` allauth would refuse: at the token endpoint its
    check lets a ValidationError escape as a 500 (at authorize it does not)."""
    try:
        validate_resources(request.POST.getlist("resource"))
    except ValidationError as exc:
        return token_error("invalid_target", " ".join(exc.messages))
    return None
