"""Journey 4: Wingtip Toys' third-party MFA, wired in as a Conditional Access custom control
(Entra never learns of the method: no mfa in amr), and the fix, an external authentication
method (the same prompt, and amr says mfa)."""

from __future__ import annotations

import json

import pytest

from entra.demo_data import NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID
from entra.internal.signin_state import signin_state
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser

TRENT = "trent@wingtiptoys.com"
THIRD_PARTY_PAGE = 'data-testid="third-party-mfa"'


def _sign_in(idp: str, browser: IdpBrowser, which: str = "code", **params: str) -> dict:
    flow = oidc_client.start(idp, **params)
    browser.open(flow.url)
    if browser.last is not None and "signin-password" in browser.last.text:
        browser.sign_in(TRENT)
    assert THIRD_PARTY_PAGE in browser.last.text  # the product's prompt, not Entra's
    assert "mfa-register-secret" not in browser.last.text
    browser.enter_code(browser.totp(TRENT, which))
    assert browser.client_redirect.startswith(NATIVE_REDIRECT_URI)
    tokens = oidc_client.redeem(idp, flow, browser.client_redirect)
    return oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)


def _switch(client, integration: str):
    return client.post(
        "/qa/tenants/wingtiptoys.com/third-party-mfa",
        data=json.dumps({"integration": integration}), content_type="application/json",
    )


@pytest.mark.django_db(transaction=True)
def test_a_custom_control_passes_the_policy_but_amr_has_no_mfa(idp, visitor):
    assert _sign_in(idp, visitor)["amr"] == ["pwd"]


@pytest.mark.django_db(transaction=True)
def test_a_step_up_goes_to_the_third_party_too_and_still_gets_no_mfa(idp, visitor):
    _sign_in(idp, visitor)
    flow = oidc_client.start(idp, amr_values="mfa")
    visitor.open(flow.url)
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)  # already passed this sign-in
    claims = oidc_client.verify(
        idp, oidc_client.redeem(idp, flow, visitor.client_redirect)["id_token"],
        audience=POWERSHELL_CLIENT_ID,
    )
    assert claims["amr"] == ["pwd"]


@pytest.mark.django_db(transaction=True)
def test_the_external_authentication_method_makes_the_same_prompt_count(idp, visitor, client):
    assert _switch(client, "external_authentication_method").status_code == 200
    assert _sign_in(idp, visitor)["amr"] == ["pwd", "mfa"]
    assert _switch(client, "custom_control").status_code == 200
    # A new sign-in (the next code: each is good once) gets no mfa again.
    assert _sign_in(idp, IdpBrowser(idp), "next_code")["amr"] == ["pwd"]


@pytest.mark.django_db(transaction=True)
def test_wrong_and_replayed_codes_are_refused(idp, visitor):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in(TRENT)
    code = visitor.totp(TRENT)
    wrong = "000000" if code != "000000" else "111111"
    visitor.enter_code(wrong)
    assert 'data-testid="mfa-error"' in visitor.last.text
    visitor.enter_code(code)
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)
    again = IdpBrowser(idp)
    again.open(oidc_client.start(idp).url)
    again.sign_in(TRENT)
    again.enter_code(code)
    assert 'data-testid="mfa-error"' in again.last.text


def test_trent_is_not_offered_entras_own_registration(client, directory):
    from entra.models import User

    client.force_login(User.objects.get(email=TRENT))
    response = client.get("/mfa/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/third-party/")
    assert b"mfa-register-start" not in client.get("/").content


@pytest.mark.parametrize(
    ("domain", "body", "status", "error"),
    [
        ("wingtiptoys.com", {"integration": "sms"}, 400, "invalid_request"),
        ("wingtiptoys.com", {}, 400, "invalid_request"),
        ("wingtiptoys.com", [], 400, "invalid_request"),
        ("nowhere.example", {"integration": "custom_control"}, 404, "unknown_tenant"),
        ("contoso.com", {"integration": "custom_control"}, 409, "no_third_party_mfa"),
    ],
)
def test_the_qa_switch_refuses_bad_input(client, directory, domain, body, status, error):
    response = client.post(
        f"/qa/tenants/{domain}/third-party-mfa", data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == status
    assert response.json()["error"] == error
    if status == 400:
        assert "custom_control, external_authentication_method" in response.json()[
            "error_description"
        ]


def test_the_trainer_page_switches_the_integration(client, directory):
    from entra.models import Tenant

    page = client.get("/trainer/tenants/")
    assert b'data-testid="third-party-integration-wingtiptoys.com"' in page.content
    response = client.post(
        "/trainer/tenants/wingtiptoys.com/third-party-mfa",
        {"integration": "external_authentication_method"},
    )
    assert response.status_code == 303
    assert Tenant.objects.get(domain="wingtiptoys.com").third_party_mfa == (
        "external_authentication_method"
    )
    client.post("/trainer/tenants/wingtiptoys.com/third-party-mfa", {"integration": "x"})
    assert Tenant.objects.get(domain="wingtiptoys.com").third_party_mfa == (
        "external_authentication_method"
    )


def test_the_trainer_page_is_off_outside_demo_mode(client, directory, settings):
    settings.ENTRA = {**settings.ENTRA, "TRAINER_PAGES_ENABLED": False}
    assert client.get("/trainer/tenants/").status_code == 404
    response = client.post(
        "/trainer/tenants/wingtiptoys.com/third-party-mfa", {"integration": "custom_control"}
    )
    assert response.status_code == 404


@pytest.mark.security
@pytest.mark.parametrize(
    "page", ["/accounts/2fa/totp/activate/", "/accounts/2fa/", "/accounts/2fa/recovery-codes/"]
)
def test_trent_cannot_register_entras_own_method_on_allauths_pages(client, directory, page):
    # Once a bypass: a password-only session registered Entra TOTP, then came back with mfa.
    response = client.post("/accounts/login/", {"login": TRENT, "password": "Passw0rd!Demo"})
    assert response.status_code == 302
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.security
def test_an_entra_method_trent_holds_anyway_does_not_count(request_for_trent):
    state = signin_state(*request_for_trent(
        {"method": "password", "at": 1000.0},
        {"method": "mfa", "type": "totp", "at": 1010.0},
    ))
    assert state.amr == ("pwd",)


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_a_code_typed_with_spaces_or_dashes_is_still_the_same_code(idp, visitor):
    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in(TRENT)
    code = visitor.totp(TRENT)
    visitor.enter_code(code)
    assert visitor.client_redirect.startswith(NATIVE_REDIRECT_URI)
    for variant in (f"{code[:3]} {code[3:]}", f"{code[:3]}-{code[3:]}", f".{code}"):
        again = IdpBrowser(idp)
        again.open(oidc_client.start(idp).url)
        again.sign_in(TRENT)
        again.enter_code(variant)
        assert 'data-testid="mfa-error"' in again.last.text, variant


@pytest.fixture
def request_for_trent(directory):
    from django.test import RequestFactory

    from config.idpkit.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY
    from entra.models import User

    user = User.objects.get(email=TRENT)

    def build(*records):
        request = RequestFactory().get("/")
        request.session = {
            AUTHENTICATION_METHODS_SESSION_KEY: list(records),
            "account_authentication_methods_user": str(user.pk),
        }
        return request, user

    return build
