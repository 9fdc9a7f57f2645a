"""QA control API: put the IdP back to its seeded state and read a seeded user's TOTP code.

On in demo/test mode, off with ``IDP_QA_API_ENABLED=false`` (then every URL here is a 404).
Requests must be JSON (a cross-site form cannot send that without a CORS preflight) and, when
``IDP_QA_API_TOKEN`` is set, carry it as a bearer token.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from entra import selectors
from entra.seeding import reset_demo_directory


def _error(status: int, error: str, description: str) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


def qa_api(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not settings.ENTRA["QA_API_ENABLED"]:
            return _error(HTTPStatus.NOT_FOUND, "not_found", "The QA API is disabled.")
        expected = settings.ENTRA["QA_API_TOKEN"]
        if expected:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return _error(HTTPStatus.UNAUTHORIZED, "unauthorized", "Bad or missing QA token.")
        if request.method == "POST" and request.content_type != "application/json":
            return _error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request", "Send application/json."
            )
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


@qa_api
@require_POST
def reset(request: HttpRequest) -> JsonResponse:
    counts = reset_demo_directory()
    return JsonResponse({"status": "reset", **counts})


@qa_api
@require_GET
def totp_code(request: HttpRequest, upn: str) -> JsonResponse:
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return _error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    authenticator = selectors.user_totp(user=user)
    if authenticator is None:
        return _error(HTTPStatus.CONFLICT, "no_totp", f"{upn} has not registered TOTP.")
    secret = decrypt(authenticator.data["secret"])
    period = mfa_settings.TOTP_PERIOD
    now = time.time()
    counter = int(now // period)
    return JsonResponse(
        {
            "upn": user.email,
            "code": format_hotp_value(hotp_value(secret, counter)),
            # Accepted now too while IDP_TOTP_TOLERANCE >= 1: a second code within one period.
            "next_code": format_hotp_value(hotp_value(secret, counter + 1)),
            "expires_in": math.ceil(period - now % period),  # 1..period, never 0
            "period": period,
        }
    )
