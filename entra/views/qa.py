"""QA control API: put the IdP back to its seeded state and read a seeded user's TOTP code.

On in demo/test mode, off with ``IDP_QA_API_ENABLED=false`` (then every URL here is a 404).
Requests must be JSON (a cross-site form cannot send that without a CORS preflight) and, when
``IDP_QA_API_TOKEN`` is set, carry it as a bearer token.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from allauth.idp.oidc.models import Client
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from config.idpkit.qa_api import qa_api as shared_qa_api
from config.idpkit.qa_api import qa_error, totp_codes, totp_codes_for_secret
from entra import federation, journey_trace, selectors, services, third_party_mfa
from entra.demo_data import AUTOMATION_CLIENT_ID
from entra.methods import services as method_services
from entra.models import AuthenticationMethod, Tenant
from entra.qa_tokens import token_mint
from entra.seeding import reset_demo_directory, reset_demo_user

# The shared QA API rules (JSON only, optional bearer token), with settings.ENTRA's switches.
qa_api = shared_qa_api("ENTRA")


@qa_api
@require_POST
def reset(request: HttpRequest) -> JsonResponse:
    counts = reset_demo_directory()
    return JsonResponse({"status": "reset", **counts})


@qa_api
@require_POST
def user_reset(request: HttpRequest, upn: str) -> JsonResponse:
    """One persona back to its seeded state (the scenario launcher's "Start"): its sessions,
    sign-ins, grants and MFA registrations beyond the seeded ones are dropped."""
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    try:
        result = reset_demo_user(user=user)
    except LookupError:
        return qa_error(HTTPStatus.CONFLICT, "not_seeded", f"{upn} is not a seeded persona.")
    return JsonResponse({"status": "reset", **result})


@qa_api
@require_GET
def totp_code(request: HttpRequest, upn: str) -> JsonResponse:
    """The code the user's authenticator shows now: Entra's TOTP, or, for a tenant whose MFA is
    a third party's, that product's app."""
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    if user.tenant is not None and user.tenant.is_federated and not selectors.user_has_totp(
        user=user
    ):
        # The user's authenticator is the federated IdP's: ask its QA API (one helper for both).
        return _federated_totp(request, upn)
    if third_party_mfa.uses_third_party_mfa(user):
        secret = third_party_mfa.secret(user)
        return JsonResponse(totp_codes_for_secret(upn=user.email, secret=secret))
    authenticator = selectors.user_totp(user=user)
    if authenticator is None:
        return qa_error(HTTPStatus.CONFLICT, "no_totp", f"{upn} has not registered TOTP.")
    return JsonResponse(totp_codes(upn=user.email, authenticator=authenticator))


def _federated_totp(request: HttpRequest, upn: str) -> JsonResponse:
    try:
        status, body = federation.federated_totp_codes(
            upn=upn, authorization=request.headers.get("Authorization")
        )
    except federation.FederatedIdpUnavailable:
        return qa_error(
            HTTPStatus.BAD_GATEWAY, "federated_idp_unavailable",
            f"The federated identity provider at {settings.ADFS_BASE_URL} did not answer.",
        )
    return JsonResponse(body, status=status, safe=False)


def _json_body(request: HttpRequest) -> dict | None:
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _choice(request: HttpRequest, key: str, choices) -> str | JsonResponse:
    """``key`` of the JSON body if it is one of ``choices``, else the 400 that names them."""
    allowed = list(choices.values)
    body = _json_body(request)
    value = body.get(key) if body else None
    if value not in allowed:
        return qa_error(
            HTTPStatus.BAD_REQUEST, "invalid_request",
            f'Send {{"{key}": ...}} with one of: {", ".join(allowed)}.',
        )
    return value


@qa_api
@require_POST
def tenant_third_party_mfa(request: HttpRequest, domain: str) -> JsonResponse:
    """Switch a tenant's third-party MFA between the custom control and the external
    authentication method (journey 4 and its fix)."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_tenant", f"No tenant {domain}.")
    if not tenant.third_party_mfa:
        return qa_error(
            HTTPStatus.CONFLICT, "no_third_party_mfa", f"{domain} uses Entra's own MFA."
        )
    integration = _choice(request, "integration", Tenant.ThirdPartyMfa)
    if isinstance(integration, JsonResponse):
        return integration
    services.tenant_third_party_mfa_set(tenant=tenant, integration=integration)
    return JsonResponse({"domain": tenant.domain, "integration": integration})


@qa_api
@require_POST
def domain_federation(request: HttpRequest, domain: str) -> JsonResponse:
    """Set a federated domain's ``federatedIdpMfaBehavior`` (journey 2's three modes)."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_domain", f"No domain {domain}.")
    if not tenant.is_federated:
        return qa_error(HTTPStatus.CONFLICT, "not_federated", f"{domain} is a managed domain.")
    behavior = _choice(request, "federatedIdpMfaBehavior", Tenant.FederatedIdpMfaBehavior)
    if isinstance(behavior, JsonResponse):
        return behavior
    services.tenant_federated_idp_mfa_behavior_set(tenant=tenant, behavior=behavior)
    return JsonResponse({"domain": tenant.domain, "federatedIdpMfaBehavior": behavior})


@qa_api
@require_POST
def tokens(request: HttpRequest) -> JsonResponse:
    """Mint a Partner Center API access token: ``{"upn", "amr"}`` (App+User, optionally
    ``client_id``) or ``{"client_id"}`` alone (app-only)."""
    body = _json_body(request)
    if body is None:
        return qa_error(HTTPStatus.BAD_REQUEST, "invalid_request", "Send a JSON object.")
    upn, amr = body.get("upn"), body.get("amr", ["pwd"])
    client_id = body.get("client_id") or (AUTOMATION_CLIENT_ID if upn else None)
    if upn is None and client_id is None:
        return qa_error(
            HTTPStatus.BAD_REQUEST, "invalid_request",
            'Send {"upn": ..., "amr": [...]} for App+User or {"client_id": ...} for app-only.',
        )
    if not isinstance(amr, list) or not all(isinstance(v, str) for v in amr):
        return qa_error(HTTPStatus.BAD_REQUEST, "invalid_request", "amr must be a list of strings.")
    if not isinstance(client_id, str) or not (
        client := Client.objects.filter(id=client_id).first()
    ):
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_client", f"No application {client_id}.")
    user = None
    if upn is not None:
        user = selectors.user_get_by_upn(upn=upn) if isinstance(upn, str) else None
        if user is None:
            return qa_error(HTTPStatus.NOT_FOUND, "unknown_user", f"No user {upn}.")
    return JsonResponse(token_mint(request=request, client=client, user=user, amr=amr))


# A client_id is a UUID and the portal's state 32 characters; anything far longer is no lookup.
_MAX_TRACE_PARAM = 512


@qa_api
@require_GET
def trace(request: HttpRequest) -> JsonResponse:
    """The IdP's own steps of one authorization request (``entra.journey_trace``), for the
    portal's journey trace: ``?client_id=...&state=...``. Unknown or expired: an empty list."""
    client_id, state = request.GET.get("client_id", ""), request.GET.get("state", "")
    if not client_id or not state:
        return qa_error(
            HTTPStatus.BAD_REQUEST, "invalid_request", "Send client_id and state as parameters."
        )
    if len(client_id) > _MAX_TRACE_PARAM or len(state) > _MAX_TRACE_PARAM:
        return qa_error(HTTPStatus.BAD_REQUEST, "invalid_request", "client_id or state too long.")
    return JsonResponse({"events": journey_trace.trace_events(client_id=client_id, state=state)})


@qa_api
@require_POST
def tenant_authentication_methods(request: HttpRequest, domain: str) -> JsonResponse:
    """Set the methods a tenant allows its users to register (common issue 4):
    ``{"methods": ["MicrosoftAuthenticator", "Fido2", "HardwareOath", "Sms", "Voice"]}``."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None:
        return qa_error(HTTPStatus.NOT_FOUND, "unknown_tenant", f"No tenant {domain}.")
    body = _json_body(request)
    methods = body.get("methods") if body else None
    allowed = list(AuthenticationMethod.values)
    if not isinstance(methods, list) or not all(
        isinstance(m, str) and m in allowed for m in methods
    ):
        return qa_error(
            HTTPStatus.BAD_REQUEST, "invalid_request",
            f'Send {{"methods": [...]}} with some of: {", ".join(allowed)}.',
        )
    method_services.tenant_authentication_methods_set(tenant=tenant, methods=methods)
    tenant.refresh_from_db()
    return JsonResponse({"domain": tenant.domain, "methods": tenant.authentication_methods})


@qa_api
@require_POST
def tenant_customer_mfa_policy(request: HttpRequest, domain: str) -> JsonResponse:
    """Set a customer tenant's MFA policy (what it asks of admins and partner agents acting in
    it): ``{"policy": "security_defaults" | "admins_conditional_access" | "off"}``."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None or tenant.kind != Tenant.Kind.CUSTOMER:
        return qa_error(
            HTTPStatus.NOT_FOUND, "unknown_customer_tenant", f"No customer tenant {domain}."
        )
    policy = _choice(request, "policy", Tenant.CustomerMfaPolicy)
    if isinstance(policy, JsonResponse):
        return policy
    services.tenant_customer_mfa_policy_set(tenant=tenant, policy=policy)
    return JsonResponse({"domain": tenant.domain, "policy": policy})
