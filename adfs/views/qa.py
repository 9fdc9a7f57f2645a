"""QA control API of Wingtip AD FS: reset, read a user's TOTP code, flip the skip-MFA switch.

Same rules as the mock Entra ID's (``config.idpkit.qa_api``): on in demo/test mode, off with
``ADFS_QA_API_ENABLED=false``; JSON only; ``ADFS_QA_API_TOKEN`` as a bearer token when set.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from adfs import selectors, services
from adfs.seeding import reset_adfs_directory, reset_adfs_user
from config.idpkit.qa_api import qa_api, qa_error, totp_codes


@qa_api("ADFS")
@require_POST
def reset(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "reset", **reset_adfs_directory()})


@qa_api("ADFS")
@require_POST
def user_reset(request: HttpRequest, upn: str) -> JsonResponse:
    """One persona back to its seeded state, the rest of the directory left as it is."""
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    try:
        result = reset_adfs_user(user=user)
    except LookupError:
        return qa_error(HTTPStatus.CONFLICT, "not_seeded", f"{upn} is not a seeded persona.")
    return JsonResponse({"status": "reset", **result})


@qa_api("ADFS")
@require_GET
def totp_code(request: HttpRequest, upn: str) -> JsonResponse:
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    authenticator = selectors.user_totp(user=user)
    if authenticator is None:
        return qa_error(HTTPStatus.CONFLICT, "no_totp", f"{upn} has no TOTP method.")
    return JsonResponse(totp_codes(upn=user.email, authenticator=authenticator))


_SKIP_VALUES = 'Send {"skip": true} (MFA is not required for this user) or {"skip": false}.'


@qa_api("ADFS")
@require_POST
def user_mfa(request: HttpRequest, upn: str) -> JsonResponse:
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("skip"), bool):
        return qa_error(HTTPStatus.BAD_REQUEST, "invalid_request", _SKIP_VALUES)
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    services.user_skip_mfa_set(user=user, skip=body["skip"])
    return JsonResponse({"upn": user.email, "skip": user.skip_mfa})
