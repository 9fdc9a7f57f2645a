"""QA control API: put the IdP back to its seeded state and read a seeded user's TOTP code.

On in demo/test mode, off with ``IDP_QA_API_ENABLED=false`` (then every URL here is a 404).
Requests must be JSON (a cross-site form cannot send that without a CORS preflight) and, when
``IDP_QA_API_TOKEN`` is set, carry it as a bearer token.
"""

from __future__ import annotations

import hmac
import json
import math
import time
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from urllib.parse import quote

import requests
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from entra import selectors, services, third_party_mfa
from entra.allauth_internals import format_hotp_value, hotp_value
from entra.models import Tenant
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
    """The code the user's authenticator shows now: Entra's TOTP, or, for a tenant whose MFA is
    a third party's, that product's app."""
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return _error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    period = mfa_settings.TOTP_PERIOD
    now = time.time()
    if user.tenant is not None and user.tenant.is_federated and not selectors.user_has_totp(
        user=user
    ):
        # The user's authenticator is the federated IdP's: ask its QA API (one helper for both).
        return _federated_totp(request, upn)
    if third_party_mfa.uses_third_party_mfa(user):
        code, next_code = (third_party_mfa.current_code(user, offset=o, now=now) for o in (0, 1))
    else:
        authenticator = selectors.user_totp(user=user)
        if authenticator is None:
            return _error(HTTPStatus.CONFLICT, "no_totp", f"{upn} has not registered TOTP.")
        secret = decrypt(authenticator.data["secret"])
        counter = int(now // period)
        code, next_code = (format_hotp_value(hotp_value(secret, counter + o)) for o in (0, 1))
    return JsonResponse(
        {
            "upn": user.email,
            "code": code,
            # Accepted now too while IDP_TOTP_TOLERANCE >= 1: a second code within one period.
            "next_code": next_code,
            "expires_in": math.ceil(period - now % period),  # 1..period, never 0
            "period": period,
        }
    )


def _federated_totp(request: HttpRequest, upn: str) -> JsonResponse:
    url = f"{settings.ADFS_BASE_URL}/qa/users/{quote(upn)}/totp"
    headers = {"Authorization": request.headers["Authorization"]} if (
        "Authorization" in request.headers
    ) else {}
    try:
        answer = requests.get(url, headers=headers, timeout=10)
        return JsonResponse(answer.json(), status=answer.status_code)
    except (requests.RequestException, ValueError):
        return _error(
            HTTPStatus.BAD_GATEWAY, "federated_idp_unavailable",
            f"The federated identity provider at {settings.ADFS_BASE_URL} did not answer.",
        )


def _json_body(request: HttpRequest) -> dict | None:
    try:
        body = json.loads(request.body)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@qa_api
@require_POST
def tenant_third_party_mfa(request: HttpRequest, domain: str) -> JsonResponse:
    """Switch a tenant's third-party MFA between the custom control and the external
    authentication method (journey 4 and its fix)."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None:
        return _error(HTTPStatus.NOT_FOUND, "unknown_tenant", f"No tenant {domain}.")
    if not tenant.third_party_mfa:
        return _error(
            HTTPStatus.CONFLICT, "no_third_party_mfa", f"{domain} uses Entra's own MFA."
        )
    allowed = [choice.value for choice in Tenant.ThirdPartyMfa]
    body = _json_body(request)
    integration = body.get("integration") if body else None
    if integration not in allowed:
        return _error(
            HTTPStatus.BAD_REQUEST, "invalid_request",
            f"Send {{\"integration\": ...}} with one of: {', '.join(allowed)}.",
        )
    services.tenant_third_party_mfa_set(tenant=tenant, integration=integration)
    return JsonResponse({"domain": tenant.domain, "integration": integration})


@qa_api
@require_POST
def domain_federation(request: HttpRequest, domain: str) -> JsonResponse:
    """Set a federated domain's ``federatedIdpMfaBehavior`` (journey 2's three modes)."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None:
        return _error(HTTPStatus.NOT_FOUND, "unknown_domain", f"No domain {domain}.")
    if not tenant.is_federated:
        return _error(HTTPStatus.CONFLICT, "not_federated", f"{domain} is a managed domain.")
    allowed = [choice.value for choice in Tenant.FederatedIdpMfaBehavior]
    body = _json_body(request)
    behavior = body.get("federatedIdpMfaBehavior") if body else None
    if behavior not in allowed:
        return _error(
            HTTPStatus.BAD_REQUEST, "invalid_request",
            f"Send {{\"federatedIdpMfaBehavior\": ...}} with one of: {', '.join(allowed)}.",
        )
    services.tenant_federated_idp_mfa_behavior_set(tenant=tenant, behavior=behavior)
    return JsonResponse({"domain": tenant.domain, "federatedIdpMfaBehavior": behavior})
