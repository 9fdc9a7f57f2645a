"""The mock Entra ID driven by a standard OIDC client over real HTTP."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from entra.demo_data import AUTOMATION_CLIENT_ID, NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID, TENANTS
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser

pytestmark = pytest.mark.django_db(transaction=True)

CONTOSO_TID = next(t.id for t in TENANTS if t.name == "Contoso")
FABRIKAM_TID = next(t.id for t in TENANTS if t.name == "Fabrikam")
PC_API = "https://api.partnercenter.microsoft.com"


def _callback_query(visitor: IdpBrowser) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(visitor.client_redirect).query).items()}


def _register_and_verify(visitor: IdpBrowser, upn: str) -> None:
    """On the registration interrupt: register TOTP, keep the recovery codes, then verify."""
    page = visitor.last.text
    assert 'data-testid="mfa-register-secret"' in page  # no method yet: registration first
    secret = page.split('data-testid="mfa-register-secret">')[1].split("<")[0]
    visitor.submit({"code": pyotp.TOTP(secret).now()})
    assert 'data-testid="mfa-recovery-codes"' in visitor.last.text
    continue_url = visitor.last.text.split('data-testid="mfa-continue"')[0].rsplit('href="', 1)[1]
    visitor.open(continue_url.split('"')[0].replace("&amp;", "&"))
    assert 'data-testid="mfa-code"' in visitor.last.text  # then verification
    visitor.enter_code(visitor.totp(upn))


def _sign_in_contoso(visitor: IdpBrowser, flow, upn: str = "alejandra@contoso.com") -> None:
    visitor.open(flow.url)
    visitor.sign_in(upn)
    assert "data-testid=\"mfa-code\"" in visitor.last.text  # the tenant policy asks for MFA
    visitor.enter_code(visitor.totp(upn))


def test_discovery_points_at_real_endpoints(idp):
    meta = oidc_client.discovery(idp)
    assert meta["issuer"] == idp
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["id_token_signing_alg_values_supported"] == ["RS256"]
    assert meta["claims_parameter_supported"] is True
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint",
                 "end_session_endpoint"):
        assert requests.options(meta[name], timeout=10).status_code < 500
    keys = requests.get(meta["jwks_uri"], timeout=10).json()["keys"]
    assert keys
    assert keys[0]["kty"] == "RSA"
    assert "d" not in keys[0]


def test_contoso_policy_mfa_at_sign_in_puts_mfa_in_amr(visitor, idp):
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    query = _callback_query(visitor)
    assert query["state"] == flow.state
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["nonce"] == flow.nonce
    assert claims["amr"] == ["pwd", "mfa", "otp"]
    assert claims["tid"] == CONTOSO_TID
    assert claims["upn"] == claims["unique_name"] == "alejandra@contoso.com"
    assert claims["roles"] == ["AdminAgent"]
    assert claims["name"] == "Alejandra Camino"
    assert isinstance(claims["auth_time"], int)


def test_fabrikam_signs_in_with_password_only(visitor, idp):
    flow = oidc_client.start(idp)
    visitor.open(flow.url)
    visitor.sign_in("john@fabrikam.com")
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["amr"] == ["pwd"]
    assert claims["tid"] == FABRIKAM_TID


def test_step_up_registers_then_verifies_and_turns_amr_into_mfa(visitor, idp):
    first = oidc_client.start(idp)
    visitor.open(first.url)
    visitor.sign_in("john@fabrikam.com")
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)

    stepped = oidc_client.start(idp, amr_values="mfa")
    visitor.open(stepped.url)
    _register_and_verify(visitor, "john@fabrikam.com")
    tokens = oidc_client.redeem(idp, stepped, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["amr"] == ["pwd", "mfa", "otp"]


def test_registered_user_without_policy_signs_in_with_password_then_verifies_only(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    visitor.open(oidc_client.start(idp, amr_values="mfa").url)
    _register_and_verify(visitor, "john@fabrikam.com")

    another_day = IdpBrowser(idp)  # a new browser session
    flow = oidc_client.start(idp)
    another_day.open(flow.url)
    another_day.sign_in("john@fabrikam.com")  # no MFA prompt: Fabrikam has no policy
    claims = oidc_client.verify(
        idp, oidc_client.redeem(idp, flow, another_day.client_redirect)["id_token"],
        audience=POWERSHELL_CLIENT_ID,
    )
    assert claims["amr"] == ["pwd"]
    stepped = oidc_client.start(idp, amr_values="mfa")
    another_day.open(stepped.url)
    assert 'data-testid="mfa-register-secret"' not in another_day.last.text
    another_day.enter_code(another_day.totp("john@fabrikam.com", "next_code"))  # verify only
    claims = oidc_client.verify(
        idp, oidc_client.redeem(idp, stepped, another_day.client_redirect)["id_token"],
        audience=POWERSHELL_CLIENT_ID,
    )
    assert claims["amr"] == ["pwd", "mfa", "otp"]


@pytest.mark.parametrize(
    "params",
    [
        {"amr_values": "ngcmfa"},
        {"acr_values": "http://schemas.openid.net/pape/policies/2007/06/multi-factor"},
        {"claims": '{"id_token": {"amr": {"essential": true, "values": ["mfa"]}}}'},
    ],
)
def test_every_step_up_parameter_triggers_mfa(visitor, idp, params):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)  # no MFA without step-up
    visitor.open(oidc_client.start(idp, **params).url)
    assert 'data-testid="mfa-register-secret"' in visitor.last.text


def test_app_user_token_for_partner_center_api_has_the_sample_shape(visitor, idp):
    flow = oidc_client.start(idp, resource=PC_API)
    _sign_in_contoso(visitor, flow)
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    access = oidc_client.verify(
        idp, tokens["access_token"], audience=PC_API, issuer=f"https://sts.windows.net/{CONTOSO_TID}/"
    )
    assert access["aud"] == PC_API
    assert access["amr"] == ["pwd", "mfa", "otp"]
    assert access["appid"] == POWERSHELL_CLIENT_ID
    assert access["appidacr"] == "0"  # a public client, like the sample
    assert access["scp"] == "user_impersonation"
    assert access["ver"] == "1.0"
    assert access["tenant_region_scope"] == "NA"
    for claim in ("acr", "oid", "tid", "upn", "unique_name", "name", "given_name",
                  "family_name", "ipaddr", "iat", "exp"):
        assert claim in access, claim


def test_refresh_keeps_the_amr_of_the_original_sign_in(visitor, idp):
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    refreshed = flow.session.refresh_token(
        oidc_client.discovery(idp)["token_endpoint"], refresh_token=tokens["refresh_token"]
    )
    access = oidc_client.verify(idp, refreshed["access_token"], audience=POWERSHELL_CLIENT_ID)
    assert access["amr"] == ["pwd", "mfa", "otp"]


def test_client_credentials_token_is_app_only(idp, settings):
    meta = oidc_client.discovery(idp)
    session = OAuth2Session(AUTOMATION_CLIENT_ID, settings.ENTRA_AUTOMATION_CLIENT_SECRET)
    tokens = session.fetch_token(
        meta["token_endpoint"], grant_type="client_credentials", resource=PC_API
    )
    access = oidc_client.verify(
        idp, tokens["access_token"], audience=PC_API, issuer=f"https://sts.windows.net/{CONTOSO_TID}/"
    )
    assert access["idtyp"] == "app"
    assert access["tid"] == CONTOSO_TID
    assert access["appidacr"] == "1"
    for user_claim in ("amr", "upn", "unique_name", "name", "scp"):
        assert user_claim not in access


def test_userinfo_answers_with_the_access_token(visitor, idp):
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    info = flow.session.get(oidc_client.discovery(idp)["userinfo_endpoint"]).json()
    assert info["upn"] == "alejandra@contoso.com"
    assert info["sub"] == oidc_client.verify(
        idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)["sub"]


# --- bad input ---------------------------------------------------------------------------


def test_unknown_client_gets_an_error_page_not_a_redirect(visitor, idp):
    flow = oidc_client.start(idp, client_id="not-a-client")
    response = visitor.session.get(flow.url, allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "not-a-client" in response.text


def test_unregistered_redirect_uri_is_not_followed(visitor, idp):
    flow = oidc_client.start(idp)
    evil = flow.url.replace("localhost%3A8400", "evil.example")
    response = visitor.session.get(evil, allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_bad_pkce_verifier_is_refused(visitor, idp):
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    with pytest.raises(OAuthError, match="invalid_grant"):
        oidc_client.redeem(idp, flow, visitor.client_redirect, verifier="x" * 50)


def test_replayed_code_is_refused(visitor, idp):
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    oidc_client.redeem(idp, flow, visitor.client_redirect)
    with pytest.raises(OAuthError, match="invalid_grant"):
        oidc_client.redeem(idp, flow, visitor.client_redirect)


def test_expired_code_is_refused(visitor, idp, settings):
    settings.IDP_OIDC_AUTHORIZATION_CODE_EXPIRES_IN = 1
    flow = oidc_client.start(idp)
    _sign_in_contoso(visitor, flow)
    time.sleep(2.2)
    with pytest.raises(OAuthError, match="invalid_grant"):
        oidc_client.redeem(idp, flow, visitor.client_redirect)


def test_malformed_claims_parameter_is_invalid_request_back_to_the_client(visitor, idp):
    flow = oidc_client.start(idp, claims="{not json")
    visitor.open(flow.url)
    query = _callback_query(visitor)
    assert query["error"] == "invalid_request"
    assert query["state"] == flow.state


def test_prompt_none_that_needs_mfa_is_interaction_required(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, amr_values="mfa", prompt="none")
    visitor.open(flow.url)
    assert _callback_query(visitor)["error"] == "interaction_required"


def test_cancelled_mfa_returns_access_denied_and_keeps_the_idp_session(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, amr_values="mfa")
    visitor.open(flow.url)
    cancel = visitor.last.text.split('data-testid="mfa-cancel"')[0].rsplit('href="', 1)[1]
    visitor.open(cancel.split('"')[0].replace("&amp;", "&"))
    query = _callback_query(visitor)
    assert query["error"] == "access_denied"
    assert query["state"] == flow.state
    assert "john@fabrikam.com" in visitor.open("/").text


def test_max_age_zero_asks_for_the_password_again(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    visitor.open(oidc_client.start(idp, max_age="0").url)
    assert "Enter password" in visitor.last.text


def test_wrong_password_and_unknown_user_get_the_same_form_error(visitor, idp):
    for upn, password in (("john@fabrikam.com", "wrong"), ("nobody@fabrikam.com", "Passw0rd!Demo")):
        visitor.open("/accounts/login/")
        visitor.sign_in(upn, password)
        assert 'data-testid="signin-error"' in visitor.last.text
        assert visitor.open("/").url.split("?")[0].endswith("/accounts/login/")


def test_wrong_and_reused_totp_codes_are_refused(visitor, idp):
    flow = oidc_client.start(idp)
    visitor.open(flow.url)
    visitor.sign_in("alejandra@contoso.com")
    visitor.enter_code("000000" if visitor.totp("alejandra@contoso.com") != "000000" else "111111")
    assert 'data-testid="mfa-error"' in visitor.last.text
    code = visitor.totp("alejandra@contoso.com")
    visitor.enter_code(code)
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)

    again = IdpBrowser(idp)
    again.open(oidc_client.start(idp).url)
    again.sign_in("alejandra@contoso.com")
    again.enter_code(code)  # the same code, same period: a replay
    assert 'data-testid="mfa-error"' in again.last.text


def test_totp_attempts_are_rate_limited(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("alejandra@contoso.com")
    for _ in range(5):
        visitor.enter_code("000000")
    visitor.enter_code(visitor.totp("alejandra@contoso.com"))  # even the right code now
    assert 'data-testid="mfa-error"' in visitor.last.text
    assert "Too many" in visitor.last.text


def test_end_session_signs_the_user_out_of_the_idp(visitor, idp):
    flow = oidc_client.start(idp)
    visitor.open(flow.url)
    visitor.sign_in("john@fabrikam.com")
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    end_session = oidc_client.discovery(idp)["end_session_endpoint"]
    visitor.open(f"{end_session}?id_token_hint={tokens['id_token']}&client_id={POWERSHELL_CLIENT_ID}")
    assert visitor.open("/").url.split("?")[0].endswith("/accounts/login/")


@pytest.mark.security
@pytest.mark.parametrize("method", ["plain", None])
def test_pkce_plain_is_refused_as_discovery_says(visitor, idp, method):
    flow = oidc_client.start(idp)
    params = {"code_challenge_method": method} if method else {}
    url = flow.url.replace("code_challenge_method=S256", "")
    if method:
        url += "&" + "&".join(f"{k}={v}" for k, v in params.items())
    visitor.open(url)
    assert visitor.client_redirect is not None  # the error goes back to the client
    query = _callback_query(visitor)
    assert query["error"] == "invalid_request"
    assert "S256" in query["error_description"]


@pytest.mark.security
def test_prompt_none_for_a_signed_in_user_of_a_pre_consented_client_gets_a_code(visitor, idp):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in("john@fabrikam.com")
    flow = oidc_client.start(idp, prompt="none")
    visitor.open(flow.url)
    query = _callback_query(visitor)
    assert "error" not in query, query
    assert query["state"] == flow.state
    claims = oidc_client.verify(
        idp, oidc_client.redeem(idp, flow, visitor.client_redirect)["id_token"],
        audience=POWERSHELL_CLIENT_ID,
    )
    assert claims["amr"] == ["pwd"]


@pytest.mark.security
def test_prompt_none_for_a_signed_out_visitor_is_login_required(visitor, idp):
    visitor.open(oidc_client.start(idp, prompt="none").url)
    assert _callback_query(visitor)["error"] == "login_required"


@pytest.mark.security
@pytest.mark.parametrize(
    "claims",
    ['{"id_token":{"amr":{"values":[{}]}}}', "[" * 5000],
    ids=["unhashable-value", "deep-nesting"],
)
def test_odd_claims_requests_are_invalid_request_not_server_errors(visitor, idp, claims):
    visitor.open(oidc_client.start(idp, claims=claims).url)
    assert _callback_query(visitor)["error"] == "invalid_request"
