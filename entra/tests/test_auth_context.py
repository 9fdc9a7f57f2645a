"""Step-up by a Conditional Access authentication context (acrs), the acr answer of OIDC Core
5.5.1.1, and a discovery document that advertises only what the IdP serves, over real HTTP with
a standard client (Authlib)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.idp.oidc.models import Client

from entra.demo_data import AUTOMATION_CLIENT_ID, NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID
from entra.internal.stepup import MFA_ACR_VALUES
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser
from entra.tests.test_oidc_protocol import _register_and_verify, _sign_in_contoso
from entra.tests.test_third_party_mfa import TRENT
from entra.tests.test_third_party_mfa import _sign_in as _sign_in_trent

pytestmark = pytest.mark.django_db(transaction=True)

PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
DEVICE_CODE = Client.GrantType.DEVICE_CODE.value


def _claims(**members: dict) -> str:
    return json.dumps(members)


def _auth_context(*contexts: str, member: str = "id_token") -> str:
    spec = {"essential": True, "values": list(contexts)}
    return _claims(**{member: {"acrs": spec}})


def _essential_acr(*values: str) -> str:
    return _claims(id_token={"acr": {"essential": True, "values": list(values)}})


def _tokens(idp: str, visitor: IdpBrowser, flow) -> tuple[dict, dict, dict]:
    """(ID token claims, access token claims, the raw token response) of the flow's answer."""
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    id_claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    access = oidc_client.verify(idp, tokens["access_token"], audience=POWERSHELL_CLIENT_ID)
    return id_claims, access, tokens


def _callback(visitor: IdpBrowser) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(visitor.client_redirect).query).items()}


# --- acrs: the authentication context


def test_an_auth_context_request_steps_up_and_acrs_lists_the_context(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")  # password only: Fabrikam has no MFA policy
    flow = oidc_client.start(idp, claims=_auth_context("c1"))
    visitor.open(flow.url)
    _register_and_verify(visitor, "john@fabrikam.com")  # MFA before the code
    id_claims, access, _ = _tokens(idp, visitor, flow)
    assert id_claims["acrs"] == ["c1"]
    assert id_claims["amr"] == ["pwd", "mfa", "otp"]
    assert access["acrs"] == ["c1"]


def test_a_context_asked_for_in_the_access_token_member_counts_too(visitor, idp):
    # Entra's documented form (a resource's claims challenge).
    flow = oidc_client.start(idp, claims=_auth_context("c7", member="access_token"))
    _sign_in_contoso(visitor, flow)
    id_claims, access, _ = _tokens(idp, visitor, flow)
    assert id_claims["acrs"] == access["acrs"] == ["c7"]


def test_mfa_done_at_sign_in_satisfies_a_later_context_without_a_prompt(visitor, idp):
    first = oidc_client.start(idp)
    _sign_in_contoso(visitor, first)
    id_claims, _, _ = _tokens(idp, visitor, first)
    assert "acrs" not in id_claims  # nobody asked for a context

    flow = oidc_client.start(idp, claims=_auth_context("c1", "c2"))
    visitor.open(flow.url)
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)  # no page in between
    id_claims, _, tokens = _tokens(idp, visitor, flow)
    assert id_claims["acrs"] == ["c1", "c2"]

    refreshed = flow.session.refresh_token(
        oidc_client.discovery(idp)["token_endpoint"], refresh_token=tokens["refresh_token"]
    )
    access = oidc_client.verify(idp, refreshed["access_token"], audience=POWERSHELL_CLIENT_ID)
    assert access["acrs"] == ["c1", "c2"]  # the grant keeps what its sign-in satisfied


def test_a_cancelled_auth_context_step_up_is_access_denied(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, claims=_auth_context("c1"))
    visitor.open(flow.url)
    cancel = visitor.last.text.split('data-testid="mfa-cancel"')[0].rsplit('href="', 1)[1]
    visitor.open(cancel.split('"')[0].replace("&amp;", "&"))
    assert _callback(visitor)["error"] == "access_denied"


def test_a_custom_control_satisfies_no_auth_context(visitor, idp):
    # Trent passes his tenant's third-party prompt; the context requires MFA, which a custom
    # control never reports: no acrs, as no mfa in amr.
    claims = _sign_in_trent(idp, visitor, claims=_auth_context("c1"))
    assert claims["amr"] == ["pwd"]
    assert "acrs" not in claims
    assert claims["upn"] == TRENT


@pytest.mark.parametrize(
    "acrs", ["c0", "c100", "C1", "urn:example:context", ""], ids=lambda v: v or "empty"
)
def test_values_that_are_not_context_ids_ask_for_nothing(visitor, idp, acrs):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, claims=_auth_context(acrs))
    visitor.open(flow.url)
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)  # no MFA asked
    id_claims, _, _ = _tokens(idp, visitor, flow)
    assert "acrs" not in id_claims


def test_a_context_value_that_is_not_a_string_is_invalid_request(visitor, idp):
    flow = oidc_client.start(idp, claims=_claims(id_token={"acrs": {"values": [1]}}))
    visitor.open(flow.url)
    assert _callback(visitor)["error"] == "invalid_request"


# --- acr: OIDC Core 5.5.1.1


def test_an_ordinary_sign_in_says_acr_1(visitor, idp):
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    id_claims, access, _ = _tokens(idp, visitor, flow)
    assert id_claims["acr"] == access["acr"] == "1"


@pytest.mark.parametrize("value", sorted(MFA_ACR_VALUES))
def test_an_essential_acr_is_answered_with_the_value_asked_for_after_mfa(visitor, idp, value):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, claims=_essential_acr(value))
    visitor.open(flow.url)
    _register_and_verify(visitor, "john@fabrikam.com")
    id_claims, access, _ = _tokens(idp, visitor, flow)
    assert id_claims["acr"] == access["acr"] == value
    assert "mfa" in id_claims["amr"]


def test_the_first_satisfied_value_in_order_of_preference_is_answered(visitor, idp):
    flow = oidc_client.start(idp, claims=_essential_acr("urn:example:loa4", PAPE_MFA, "mfa"))
    _sign_in_contoso(visitor, flow)
    id_claims, _, _ = _tokens(idp, visitor, flow)
    assert id_claims["acr"] == PAPE_MFA


def test_acr_values_are_answered_when_satisfied(visitor, idp):
    flow = oidc_client.start(idp, acr_values="mfa")
    _sign_in_contoso(visitor, flow)
    id_claims, _, _ = _tokens(idp, visitor, flow)
    assert id_claims["acr"] == "mfa"


def test_an_essential_acr_that_cannot_be_met_fails_the_authentication(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, claims=_essential_acr("urn:example:loa4"))
    visitor.open(flow.url)
    query = _callback(visitor)
    assert query["error"] == "unmet_authentication_requirements"
    assert query["state"] == flow.state
    assert "code" not in query


def test_an_essential_mfa_acr_a_custom_control_cannot_meet_fails_the_authentication(visitor, idp):
    flow = oidc_client.start(idp)
    visitor.open(flow.url)
    visitor.sign_in(TRENT)
    visitor.enter_code(visitor.totp(TRENT))  # Tailspin Verify: passed, but not Entra MFA
    flow = oidc_client.start(idp, claims=_essential_acr("mfa"))
    visitor.open(flow.url)
    assert _callback(visitor)["error"] == "unmet_authentication_requirements"


def test_a_voluntary_acr_that_cannot_be_met_is_the_sessions_own(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, acr_values="urn:example:loa4")
    visitor.open(flow.url)
    id_claims, _, _ = _tokens(idp, visitor, flow)
    assert id_claims["acr"] == "1"


# --- Discovery: only what is served


def test_discovery_advertises_what_the_authorize_and_token_endpoints_serve(idp):
    meta = oidc_client.discovery(idp)
    assert meta["response_types_supported"] == ["code"]
    assert meta["response_modes_supported"] == ["query", "fragment"]
    assert sorted(meta["grant_types_supported"]) == sorted([
        "authorization_code", "refresh_token", "client_credentials",
        "urn:ietf:params:oauth:grant-type:device_code",
    ])
    assert meta["request_uri_parameter_supported"] is False
    assert "acrs" in meta["claims_supported"]
    assert set(meta["acr_values_supported"]) == {"1", *MFA_ACR_VALUES}
    # The public PowerShell client has the device code grant: the endpoint is listed and works.
    response = requests.post(
        meta["device_authorization_endpoint"],
        data={"client_id": POWERSHELL_CLIENT_ID, "scope": "openid"}, timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["user_code"]


def test_a_grant_no_client_can_use_is_not_advertised(idp):
    powershell = Client.objects.get(id=POWERSHELL_CLIENT_ID)
    powershell.set_grant_types(["authorization_code", "refresh_token"])
    powershell.save()
    # A confidential client with the device code grant cannot use it either: allauth confirms
    # device codes of public clients only.
    automation = Client.objects.get(id=AUTOMATION_CLIENT_ID)
    automation.set_grant_types([*automation.get_grant_types(), DEVICE_CODE])
    automation.save()
    meta = oidc_client.discovery(idp)
    assert "device_authorization_endpoint" not in meta
    assert DEVICE_CODE not in meta["grant_types_supported"]
    assert "client_credentials" in meta["grant_types_supported"]  # the automation app's


def test_the_fragment_response_mode_gets_a_code_that_keeps_amr(visitor, idp):
    flow = oidc_client.start(idp, response_mode="fragment")
    _sign_in_contoso(visitor, flow)
    fragment = parse_qs(urlsplit(visitor.client_redirect).fragment)
    assert fragment["state"] == [flow.state]
    tokens = flow.session.fetch_token(
        oidc_client.discovery(idp)["token_endpoint"], code=fragment["code"][0],
        code_verifier=flow.verifier,
    )
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["amr"] == ["pwd", "mfa", "otp"]


def test_a_response_mode_not_advertised_is_refused(visitor, idp):
    visitor.open(oidc_client.start(idp, response_mode="form_post").url)
    query = _callback(visitor)
    assert query["error"] == "invalid_request"
    assert "response_mode" in query["error_description"]
