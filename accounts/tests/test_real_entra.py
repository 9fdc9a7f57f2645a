"""The portal against providers the mock Entra ID cannot imitate (``KeyProvider``), in-process:
Entra's v1 issuer, each step-up strategy, RFC 9207's ``iss``, profile claims only in userinfo,
and the configuration mistakes, each shown as a configuration error page naming the setting.

The browser is Django's test client; the provider is a real HTTP server on loopback, which the
portal's backend reaches for its token, JWKS and userinfo requests.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.http import HttpResponse

from accounts.identity import CLAIMS_SESSION_KEY
from accounts.provider import forget_provider
from conftest import CONTOSO_TENANT_ID
from testsupport.key_provider import KeyProvider, redirect_target

OID = "00000000-0000-4000-8000-00000000a11a"
UPN = "ada@contoso.com"
V1_ISSUER = f"https://sts.windows.net/{CONTOSO_TENANT_ID}/"
CUSTOMERS = "/commerce/customers/"
USER = {"oid": OID, "tid": CONTOSO_TENANT_ID, "upn": UPN, "name": "Ada Lovelace",
        "roles": ["AdminAgent"]}


def _provider(settings, *, issuer: str | None = None) -> KeyProvider:
    provider = KeyProvider(issuer=issuer)
    provider.add_key("k1")
    provider.id_token_claims = {**USER, "amr": ["pwd"]}
    settings.OIDC_AUTHORITY = provider.url
    settings.OIDC_JWKS_REFRESH_COOLDOWN = 0
    forget_provider()
    return provider


@pytest.fixture
def op(settings, db):
    provider = _provider(settings)
    yield provider
    provider.stop()
    forget_provider()


@pytest.fixture
def v1_op(settings, db):
    """Entra's v1 endpoints: the issuer is the tenant's STS, not the authority's URL."""
    provider = _provider(settings, issuer=V1_ISSUER)
    yield provider
    provider.stop()
    forget_provider()


def visit(client, op: KeyProvider, path: str) -> HttpResponse:
    """Open ``path`` and follow every redirect, through the provider too."""
    response = client.get(path)
    for _ in range(10):
        if response.status_code != 302:
            return response
        location = response["Location"]
        if location.startswith(op.url):
            location = op.answer(location)
        response = client.get(redirect_target(location))
    raise AssertionError(f"still redirecting after 10 hops: {response['Location']}")


def text_of(response: HttpResponse, testid: str) -> str:
    """The text of the element carrying ``data-testid`` (up to its first closing tag)."""
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', response.content.decode(), re.S)
    assert match, f"no {testid} on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def assert_configuration_error(response: HttpResponse, *, status: int, setting: str) -> str:
    assert response.status_code == status
    assert b'data-testid="configuration-error"' in response.content
    assert b'data-testid="signin-error"' not in response.content  # not the outage page
    assert text_of(response, "configuration-error-setting") == setting
    return text_of(response, "configuration-error-message")


def signed_in_with_password(client, op: KeyProvider) -> None:
    assert visit(client, op, "/dashboard/home").status_code == 200
    assert len(op.authorizations) == 1


# --- The issuer is not the authority (Entra's v1 endpoints)


def test_a_v1_provider_signs_in_with_oidc_issuer_set(client, v1_op, settings):
    settings.OIDC_ISSUER = V1_ISSUER
    page = visit(client, v1_op, "/dashboard/home")
    assert page.status_code == 200
    assert text_of(page, "session-tid") == CONTOSO_TENANT_ID


def test_a_v1_provider_without_oidc_issuer_is_a_configuration_error(client, v1_op):
    message = assert_configuration_error(
        visit(client, v1_op, "/dashboard/home"), status=502, setting="OIDC_AUTHORITY"
    )
    assert V1_ISSUER in message
    assert "OIDC_ISSUER" in message  # what to set
    assert v1_op.authorizations == []  # nobody was sent to a provider that does not fit


def test_an_oidc_issuer_the_provider_does_not_use_is_a_configuration_error(
    client, v1_op, settings
):
    settings.OIDC_ISSUER = "https://sts.windows.net/another-tenant/"
    assert_configuration_error(
        visit(client, v1_op, "/dashboard/home"), status=502, setting="OIDC_ISSUER"
    )


def test_tokens_must_name_oidc_issuer_not_the_authority(client, v1_op, settings):
    settings.OIDC_ISSUER = V1_ISSUER
    v1_op.id_token_claims["iss"] = v1_op.url  # discovery says the STS, the token the URL
    page = visit(client, v1_op, "/dashboard/home")
    assert page.status_code == 400
    assert "another issuer" in text_of(page, "signin-error")


# --- Step-up strategies


def test_amr_values_step_up(client, op):
    signed_in_with_password(client, op)
    op.id_token_claims["amr"] = ["pwd", "mfa"]
    assert visit(client, op, CUSTOMERS).status_code == 200
    step_up = op.authorizations[-1]
    assert (step_up["amr_values"], step_up["login_hint"]) == ("mfa", UPN)
    assert "claims" not in step_up


def test_auth_context_step_up_asks_for_acrs_and_reads_it(client, op, settings):
    settings.OIDC_STEPUP, settings.OIDC_AUTH_CONTEXT = "auth_context", "c2"
    signed_in_with_password(client, op)
    op.id_token_claims["acrs"] = ["c2"]
    assert visit(client, op, CUSTOMERS).status_code == 200
    step_up = op.authorizations[-1]
    assert json.loads(step_up["claims"]) == {
        "id_token": {"acrs": {"essential": True, "value": "c2"}}
    }
    assert "amr_values" not in step_up
    overview = client.get("/dashboard/home")
    assert text_of(overview, "session-acrs") == "c2"
    assert "the token's acrs contains c2" in overview.content.decode()


def test_auth_context_step_up_without_the_context_is_blocked_even_with_amr_mfa(
    client, op, settings
):
    # Under the acrs rule, amr is not evidence: the context's policy is what was asked for.
    settings.OIDC_STEPUP = "auth_context"
    signed_in_with_password(client, op)
    op.id_token_claims.update(amr=["pwd", "mfa"], acrs=["c9"])
    page = visit(client, op, CUSTOMERS)
    assert page.status_code == 403
    assert b'data-testid="mfa-blocked"' in page.content
    assert text_of(page, "mfa-blocked-acrs") == "c9"  # the page explains the context, not amr


def test_reauthenticate_step_up_asks_for_a_fresh_sign_in(client, op, settings):
    settings.OIDC_STEPUP = "reauthenticate"
    signed_in_with_password(client, op)
    op.id_token_claims["amr"] = ["pwd", "mfa"]  # the tenant asks MFA at every sign-in
    assert visit(client, op, CUSTOMERS).status_code == 200
    step_up = op.authorizations[-1]
    assert (step_up["prompt"], step_up["max_age"]) == ("login", "0")
    assert "amr_values" not in step_up


def test_a_step_up_answered_without_any_amr_is_a_configuration_error(client, op):
    # Entra's v2.0 ID tokens have no amr: the amr rule can never see MFA there.
    signed_in_with_password(client, op)
    op.id_token_claims["amr"] = None
    message = assert_configuration_error(
        visit(client, op, CUSTOMERS), status=502, setting="OIDC_STEPUP"
    )
    assert "no amr claim" in message
    page = client.get("/dashboard/home")  # the password-only session stands
    assert page.status_code == 200
    assert text_of(page, "session-amr") == "pwd"


def test_an_unknown_strategy_is_a_configuration_error_when_stepping_up(client, op, settings):
    signed_in_with_password(client, op)
    settings.OIDC_STEPUP = "sms"
    assert_configuration_error(visit(client, op, CUSTOMERS), status=503, setting="OIDC_STEPUP")
    assert len(op.authorizations) == 1


def test_an_unusable_mfa_claim_setting_is_a_configuration_error_on_every_page(
    client, op, settings
):
    signed_in_with_password(client, op)
    settings.OIDC_MFA_CLAIM = "acrs"  # with amr_values, no token would ever show MFA
    for path in ("/dashboard/home", CUSTOMERS):
        assert_configuration_error(client.get(path), status=503, setting="OIDC_MFA_CLAIM")


def test_a_token_without_a_tenant_is_a_configuration_error(client, op):
    op.id_token_claims["tid"] = None
    assert_configuration_error(
        visit(client, op, "/dashboard/home"), status=502, setting="OIDC_AUTHORITY"
    )


# --- RFC 9207: the issuer of the authorization response


def test_an_iss_parameter_naming_the_issuer_is_accepted(client, v1_op, settings):
    settings.OIDC_ISSUER = V1_ISSUER
    v1_op.response_iss = V1_ISSUER
    assert visit(client, v1_op, "/dashboard/home").status_code == 200


@pytest.mark.security
@pytest.mark.parametrize("error", [None, "access_denied"])
def test_an_answer_from_another_issuer_is_refused_before_anything_is_believed(
    client, op, error
):
    op.response_iss = "https://login.microsoftonline.com/another-tenant/v2.0"
    op.error = error
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 400
    assert "another issuer (iss)" in text_of(page, "signin-error")
    assert op.token_requests == 0  # the code was never redeemed


@pytest.mark.security
def test_a_provider_that_always_sends_iss_must_have_sent_it(client, op):
    op.metadata["authorization_response_iss_parameter_supported"] = True
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 400
    assert "does not name its issuer (iss)" in text_of(page, "signin-error")
    assert op.token_requests == 0

    op.response_iss = op.issuer
    assert visit(client, op, "/dashboard/home").status_code == 200


# --- Profile claims from userinfo


def test_profile_claims_missing_from_the_id_token_come_from_userinfo(client, op):
    op.id_token_claims = {"oid": OID, "tid": CONTOSO_TENANT_ID, "amr": ["pwd"]}
    op.userinfo = {
        "sub": op.subject, "upn": UPN, "name": "Ada Lovelace", "roles": ["AdminAgent"],
        # Security claims in userinfo are never taken:
        "amr": ["pwd", "mfa"], "acrs": ["c1"], "tid": "11111111-1111-4111-8111-111111111111",
        "oid": "someone-else",
    }
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 200
    assert op.userinfo_requests == 1
    assert text_of(page, "user-upn") == UPN
    assert text_of(page, "session-roles") == "Admin agent"  # the AdminAgent role's label
    assert text_of(page, "session-amr") == "pwd"
    assert text_of(page, "session-tid") == CONTOSO_TENANT_ID
    response = client.get(CUSTOMERS)  # amr from the ID token: still no MFA
    assert response.status_code == 302
    assert "stepup=mfa" in response["Location"]


def test_a_complete_id_token_costs_no_userinfo_request(client, op):
    op.userinfo = {"sub": op.subject, "name": "Someone Else"}
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 200
    assert op.userinfo_requests == 0
    assert text_of(page, "user-upn") == UPN


@pytest.mark.security
def test_userinfo_about_another_subject_is_refused(client, op):
    op.id_token_claims = {"oid": OID, "tid": CONTOSO_TENANT_ID, "amr": ["pwd"]}
    op.userinfo = {"sub": "someone-else", "upn": "mallory@contoso.com", "name": "Mallory"}
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 400
    assert "another user (sub)" in text_of(page, "signin-error")
    assert client.get("/dashboard/home").status_code == 302  # not signed in


def test_userinfo_claims_of_the_wrong_shape_are_refused(client, op):
    op.id_token_claims = {"oid": OID, "tid": CONTOSO_TENANT_ID, "amr": ["pwd"]}
    op.userinfo = {"sub": op.subject, "upn": UPN, "name": "Ada", "roles": "AdminAgent"}
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 400
    assert "'roles' claim is not a list of strings" in text_of(page, "signin-error")


@pytest.mark.security
def test_userinfo_never_supplies_a_security_claim_the_id_token_lacks(client, op, settings):
    # An unsigned answer must not make a password-only sign-in look like MFA.
    settings.OIDC_STEPUP = "auth_context"
    op.id_token_claims = {"oid": OID, "tid": CONTOSO_TENANT_ID}  # no amr, acrs, names
    op.userinfo = {
        "sub": op.subject, "upn": UPN, "name": "Ada Lovelace", "amr": ["pwd", "mfa"],
        "acrs": ["c1"], "acr": "mfa", "auth_time": 1,
    }
    page = visit(client, op, "/dashboard/home")
    assert page.status_code == 200
    assert text_of(page, "user-upn") == UPN  # the profile claims were taken
    claims = client.session[CLAIMS_SESSION_KEY]
    assert not {"amr", "acrs", "acr", "auth_time"} & set(claims)
    response = client.get(CUSTOMERS)
    assert response.status_code == 302
    assert "stepup=mfa" in response["Location"]
