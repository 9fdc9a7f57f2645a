"""Federated tenants (journey 2): home-realm discovery, the hop to the tenant's own identity
provider over OpenID Connect, and what Entra makes of the MFA that IdP reports.

Entra's ``federatedIdpMfaBehavior`` per federated domain decides:

- ``acceptIfMfaDoneByFederatedIdp`` (default): MFA done at the federated IdP counts (``amr``
  ``fed, mfa``); if it was not done, Entra asks for its own (registration first if needed);
- ``enforceMfaByFederatedIdp``: Entra sends the user back to the federated IdP asking for MFA
  (``acr_values`` of AD FS's multiple-authentication URI);
- ``rejectMfaByFederatedIdp``: Entra always performs MFA itself.

allauth's socialaccount does the protocol (state, PKCE, code redemption, ID-token checks); this
module decides where a UPN signs in and records, for each federated sign-in, whether the IdP
did MFA and whether it counts, so that ``signin_state`` can build ``amr`` from the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from config.idpkit.allauth_internals import record_authentication
from entra.models import Tenant, User

RECORD_METHOD = "federated_idp"
# What AD FS puts in amr (authnmethodsreferences) after multiple-factor authentication.
MULTIPLE_AUTHN = "http://schemas.microsoft.com/claims/multipleauthn"
_MFA_AMR_VALUES = frozenset({"mfa", MULTIPLE_AUTHN})


def tenant_for_upn(upn: str) -> Tenant | None:
    """Home-realm discovery: the federated tenant whose domain the UPN is in, if any."""
    domain = upn.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    tenant = Tenant.objects.filter(domain=domain).first()
    return tenant if tenant is not None and tenant.is_federated else None


def start(
    request: HttpRequest, *, tenant: Tenant, upn: str, next_url: str | None, require_mfa: bool,
    fresh: bool = False,
) -> HttpResponse:
    """Send the browser to the tenant's IdP (``login_hint``; MFA asked for when required; a new
    sign-in there, not its session's, when ``fresh``)."""
    provider = get_social_adapter().get_provider(request, tenant.federation_provider)
    auth_params = {"login_hint": upn}
    if require_mfa:
        auth_params["acr_values"] = MULTIPLE_AUTHN
    if fresh:
        auth_params["prompt"] = "login"
    return provider.redirect(
        request, "login", next_url=next_url, data={"require_mfa": require_mfa},
        auth_params=auth_params,
    )


def idp_did_mfa(amr: Iterable[str] | None) -> bool:
    return bool(_MFA_AMR_VALUES & set(amr or ()))


def record_sign_in(request: HttpRequest, user: User, *, id_token: dict, state_data: dict) -> None:
    """After allauth's own record of a federated sign-in: did the IdP do MFA, does it count."""
    did_mfa = idp_did_mfa(id_token.get("amr") if isinstance(id_token, dict) else None)
    rejected = user.tenant.federated_idp_mfa_behavior == Tenant.FederatedIdpMfaBehavior.REJECT
    record_authentication(
        request, user, method=RECORD_METHOD, idp_did_mfa=did_mfa,
        mfa_counts=did_mfa and not rejected,
        mfa_required=bool((state_data or {}).get("require_mfa")),
    )


class FederatedIdpUnavailable(Exception):
    """The federated IdP's QA API did not answer (or not in JSON)."""


def federated_totp_codes(
    *, upn: str, authorization: str | None = None, timeout: float = 10
) -> tuple[int, dict]:
    """A federated user's authenticator codes, which live at the federated IdP (Wingtip AD FS),
    read from its QA API: (HTTP status, JSON body). Demo and QA only: the QA API and the
    simulated phone. Raises ``FederatedIdpUnavailable``."""
    url = f"{settings.ADFS_BASE_URL}/qa/users/{quote(upn)}/totp"
    headers = {"Authorization": authorization} if authorization else {}
    try:
        answer = requests.get(url, headers=headers, timeout=timeout)
        return answer.status_code, answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise FederatedIdpUnavailable(settings.ADFS_BASE_URL) from exc
