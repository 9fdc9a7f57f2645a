"""The API's error answers: a JSON body with a ``code`` a client can branch on, never HTML.

Every refusal is an ``ApiError``; DRF's own exceptions (a body that is not JSON, a field that
fails validation, a method the resource does not have) are turned into the same shape by
``exception_handler``, so a client reads one format whatever went wrong.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from compliance.models import AccessDecision

# Partner Center's exact answer to an App+User token without MFA (the source's sample).
MFA_REQUIRED_REASON = "Unauthorized - MFA required"
REALM = 'Bearer realm="partner-center-api"'


class ApiError(exceptions.APIException):
    """A refusal with a stable ``code`` and a sentence saying why."""

    status_code = HTTPStatus.BAD_REQUEST
    # What the compliance record says of a verified caller refused this way.
    result = AccessDecision.Result.REFUSED

    def __init__(self, code: str, description: str, *, status_code: int | None = None) -> None:
        super().__init__(detail=description, code=code)
        self.code = code
        self.description = description
        if status_code is not None:
            self.status_code = status_code

    def headers(self) -> dict[str, str]:
        return {}


class TokenError(ApiError):
    """The bearer token is missing or fails verification (RFC 6750 section 3)."""

    status_code = HTTPStatus.UNAUTHORIZED

    def headers(self) -> dict[str, str]:
        if self.code in ("missing_token", "unsupported_scheme"):
            # No credentials offered: a challenge without an error code (RFC 6750 3.1).
            return {"WWW-Authenticate": REALM}
        description = self.description.replace("\\", "").replace('"', "'")
        return {
            "WWW-Authenticate": (
                f'{REALM}, error="invalid_token", error_description="{description}"'
            )
        }


class MfaRequired(TokenError):
    """An App+User token whose ``amr`` has no ``mfa``: Partner Center's exact 401."""

    result = AccessDecision.Result.MFA_REQUIRED

    def __init__(self, description: str) -> None:
        super().__init__("mfa_required", description)

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class Forbidden(ApiError):
    status_code = HTTPStatus.FORBIDDEN
    result = AccessDecision.Result.FORBIDDEN


class ProviderUnavailableError(ApiError):
    status_code = HTTPStatus.SERVICE_UNAVAILABLE


def error_body(code: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "description": description, **extra}


def _translate(exc: Exception) -> ApiError | None:
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, Http404 | exceptions.NotFound):
        return ApiError("not_found", str(exc) or "No such resource.",
                        status_code=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return ApiError("method_not_allowed", str(exc.detail),
                        status_code=status.HTTP_405_METHOD_NOT_ALLOWED)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return ApiError("unsupported_media_type", "Send the body as application/json.",
                        status_code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
    if isinstance(exc, exceptions.ParseError):
        return ApiError("malformed_json", f"The body is not valid JSON: {exc.detail}")
    if isinstance(exc, exceptions.NotAcceptable):
        return ApiError("not_acceptable", "This API answers application/json only.",
                        status_code=status.HTTP_406_NOT_ACCEPTABLE)
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        return Forbidden("forbidden", str(exc) or "Not allowed.")
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error as ``{"code", "description"}`` (plus ``errors`` for
    a body that failed validation); unknown exceptions stay 500s for Django to report."""
    request = context["request"]
    if isinstance(exc, exceptions.ValidationError):
        response = Response(
            error_body("invalid_body", "The request body is not valid.", errors=exc.detail),
            status=status.HTTP_400_BAD_REQUEST,
        )
        request._request.api_result = AccessDecision.Result.REFUSED
        return response
    error = _translate(exc)
    if error is None:
        return None
    response = Response(
        error_body(error.code, error.description), status=error.status_code,
        headers=error.headers(),
    )
    if isinstance(error, MfaRequired):
        response.reason_phrase = MFA_REQUIRED_REASON
    request._request.api_result = error.result
    return response
