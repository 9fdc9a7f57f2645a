"""The rules every identity provider's QA control API follows.

On or off by configuration (off: every URL is a 404). Requests must be JSON (a cross-site HTML
form cannot send that without a CORS preflight) and, when a QA token is configured, carry it as
``Authorization: Bearer <token>``. Errors are JSON: ``{"error", "error_description"}``.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .allauth_internals import format_hotp_value, hotp_value


def qa_error(status: int, error: str, description: str) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


def qa_token_valid(given: str, expected: str) -> bool:
    """Whether ``given`` is the configured QA token (always true when none is configured)."""
    return not expected or hmac.compare_digest(given.encode(), expected.encode())


View = Callable[..., HttpResponse]


def qa_api(config_setting: str) -> Callable[[View], View]:
    """Decorate a QA API view; ``config_setting`` names the settings dict that holds
    ``QA_API_ENABLED`` and ``QA_API_TOKEN`` (read per request, so tests can change them)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            config = getattr(settings, config_setting)
            if not config["QA_API_ENABLED"]:
                return qa_error(HTTPStatus.NOT_FOUND, "not_found", "The QA API is disabled.")
            given = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if not qa_token_valid(given, config["QA_API_TOKEN"]):
                return qa_error(HTTPStatus.UNAUTHORIZED, "unauthorized", "Bad or missing QA token.")
            if request.method == "POST" and request.content_type != "application/json":
                return qa_error(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request", "Send application/json."
                )
            return view(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator


def totp_codes(*, upn: str, authenticator: Authenticator) -> dict[str, Any]:
    """The current and the next code of a TOTP authenticator, as the QA API answers them, and
    the issuer its authenticator app shows (this identity provider's)."""
    codes = totp_codes_for_secret(upn=upn, secret=decrypt(authenticator.data["secret"]))
    return {**codes, "issuer": mfa_settings.TOTP_ISSUER}


def totp_codes_for_secret(*, upn: str, secret: str) -> dict[str, Any]:
    """The same answer for a TOTP secret held elsewhere (a third party's MFA product)."""
    period = mfa_settings.TOTP_PERIOD
    now = time.time()
    counter = int(now // period)
    return {
        "upn": upn,
        "code": format_hotp_value(hotp_value(secret, counter)),
        # Also accepted now while the TOTP tolerance is at least one period.
        "next_code": format_hotp_value(hotp_value(secret, counter + 1)),
        "expires_in": math.ceil(period - now % period),  # 1..period, never 0
        "period": period,
    }
