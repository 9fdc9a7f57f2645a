"""The portal's sign-in against the real mock IdP over HTTP (the IdP runs in its own process)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin

import pytest
import requests

from testsupport.browser import Browser, attribute_of, query, text_of

ALEJANDRA = "alejandra@contoso.com"  # Contoso: MFA at every sign-in
JOHN = "john@fabrikam.com"  # Fabrikam: no MFA policy, no method registered
CUSTOMERS = "/commerce/customers/"


@pytest.fixture
def visitor() -> Browser:
    return Browser()


def sign_in_with_mfa(visitor: Browser, portal: str, mock_idp, upn: str, path: str):
    visitor.open(f"{portal}{path}")
    visitor.sign_in(upn)
    return visitor.enter_code(mock_idp.totp(upn))


def test_authorization_request_uses_pkce_nonce_and_state(visitor, portal, mock_idp):
    visitor.open(f"{portal}{CUSTOMERS}", stop_at=mock_idp.url)
    authorize = query(visitor.hop_to(mock_idp.url))
    assert authorize["response_type"] == "code"
    assert authorize["code_challenge_method"] == "S256"
    assert len(authorize["code_challenge"]) == 43
    assert authorize["nonce"]
    assert authorize["state"]
    assert authorize["redirect_uri"] == f"{portal}/oidc/callback/"
    assert "amr_values" not in authorize  # a first sign-in is not a step-up


def test_mfa_at_sign_in_opens_protected_area_without_step_up(visitor, portal, mock_idp):
    page = sign_in_with_mfa(visitor, portal, mock_idp, ALEJANDRA, CUSTOMERS)
    assert page.status_code == 200
    assert page.url == f"{portal}{CUSTOMERS}"
    assert text_of(page, "area-title") == "Customers"
    assert text_of(page, "user-upn") == ALEJANDRA

    page = visitor.open(f"{portal}/billing/")
    assert page.status_code == 200
    assert not any(hop.startswith(mock_idp.url) for hop in visitor.hops)


def test_password_only_session_is_stepped_up_with_amr_values(visitor, portal, mock_idp):
    visitor.open(f"{portal}/dashboard/home")
    page = visitor.sign_in(JOHN)
    assert text_of(page, "area-title") == "Overview"
    assert text_of(page, "session-amr") == "pwd"

    visitor.open(f"{portal}{CUSTOMERS}", stop_at=mock_idp.url)
    step_up = query(visitor.hop_to(mock_idp.url))
    assert step_up["amr_values"] == "mfa"
    assert step_up["login_hint"] == JOHN


def test_cancelled_step_up_keeps_the_session_and_offers_a_retry(visitor, portal, mock_idp):
    visitor.open(f"{portal}/dashboard/home")
    visitor.sign_in(JOHN)
    page = visitor.open(f"{portal}{CUSTOMERS}")  # the IdP asks John to register a method
    page = visitor.open(urljoin(page.url, attribute_of(page, "mfa-cancel", "href")))
    assert page.status_code == 403
    assert page.url == f"{portal}{CUSTOMERS}"
    assert text_of(page, "idp-error") == "access_denied"
    assert "stepup=mfa" in attribute_of(page, "stepup-retry", "href")
    assert visitor.open(f"{portal}/dashboard/home").status_code == 200  # still signed in


def test_unknown_state_gets_a_400_page(visitor, portal):
    page = visitor.open(f"{portal}/oidc/callback/?code=abc&state=forged")
    assert page.status_code == 400
    assert "does not match a sign-in started in this browser" in text_of(page, "signin-error")


def test_replayed_callback_gets_a_400_page(visitor, portal, mock_idp):
    visitor.open(f"{portal}/dashboard/home")
    visitor.sign_in(ALEJANDRA)
    visitor.enter_code(mock_idp.totp(ALEJANDRA))
    callback = visitor.hop_to(f"{portal}/oidc/callback/")
    page = visitor.open(callback)
    assert page.status_code == 400
    assert visitor.open(f"{portal}/dashboard/home").status_code == 200  # session untouched


def test_replayed_code_with_a_fresh_state_is_refused_by_the_idp(visitor, portal, mock_idp):
    visitor.open(f"{portal}/dashboard/home")
    visitor.sign_in(ALEJANDRA)
    visitor.enter_code(mock_idp.totp(ALEJANDRA))
    used_code = query(visitor.hop_to(f"{portal}/oidc/callback/"))["code"]

    visitor.open(f"{portal}/oidc/authenticate/", stop_at=mock_idp.url)
    fresh_state = query(visitor.hop_to(mock_idp.url))["state"]
    page = visitor.open(f"{portal}/oidc/callback/?code={used_code}&state={fresh_state}")
    assert page.status_code == 400
    assert "refused to redeem" in text_of(page, "signin-error")


def test_off_site_next_is_refused(visitor, portal):
    page = visitor.open(f"{portal}/oidc/authenticate/?next=https://evil.example/")
    assert page.status_code == 400
    assert "not on this site" in text_of(page, "signin-error")


def test_sign_out_ends_both_sessions(visitor, portal, mock_idp):
    page = sign_in_with_mfa(visitor, portal, mock_idp, ALEJANDRA, "/dashboard/home")
    page = visitor.submit({}, action="/oidc/logout/")
    assert page.url == f"{portal}/"
    assert any(hop.startswith(f"{mock_idp.url}/") for hop in visitor.hops)  # end-session
    visitor.open(f"{portal}/dashboard/home", stop_at=mock_idp.url)
    page = visitor.open(visitor.hop_to(mock_idp.url))
    assert 'name="password"' in page.text  # the IdP asks for the password again


def test_unreachable_provider_gets_a_503_page(visitor, portal, settings):
    from accounts.provider import forget_provider

    settings.OIDC_AUTHORITY = "http://localhost:9"  # discard port: nothing listens
    forget_provider()
    page = visitor.open(f"{portal}/dashboard/home")
    assert page.status_code == 503
    assert "not answering" in text_of(page, "signin-error")


def test_token_from_another_issuer_gets_a_400_page(visitor, portal, mock_idp, settings):
    # As if the discovery document (and OIDC_ISSUER) named another tenant: the IdP's real
    # tokens no longer match.
    from dataclasses import replace

    from accounts import provider

    other = "https://login.microsoftonline.com/other/v2.0"
    metadata = provider.provider_metadata()
    provider._metadata[mock_idp.url] = (float("inf"), replace(metadata, issuer=other))
    settings.OIDC_ISSUER = other
    page = sign_in_with_mfa(visitor, portal, mock_idp, ALEJANDRA, "/dashboard/home")
    assert page.status_code == 400
    assert "another issuer" in text_of(page, "signin-error")
    assert visitor.open(f"{portal}/dashboard/home", stop_at=mock_idp.url) is None  # not in


def test_idp_error_for_a_signed_in_user_without_a_page_keeps_the_session(visitor, portal, mock_idp):
    visitor.open(f"{portal}/dashboard/home")
    visitor.sign_in(JOHN)
    visitor.open(f"{portal}/oidc/authenticate/?stepup=mfa", stop_at=mock_idp.url)
    state = query(visitor.hop_to(mock_idp.url))["state"]
    page = visitor.open(f"{portal}/oidc/callback/?error=access_denied&state={state}")
    assert page.url == f"{portal}/dashboard/home"
    assert "access_denied" in text_of(page, "messages")
    assert text_of(page, "user-upn") == JOHN


def test_cancelled_first_sign_in_says_so(visitor, portal, mock_idp):
    visitor.open(f"{portal}/dashboard/home", stop_at=mock_idp.url)
    state = query(visitor.hop_to(mock_idp.url))["state"]
    page = visitor.open(f"{portal}/oidc/callback/?error=access_denied&state={state}")
    assert page.status_code == 401
    assert text_of(page, "idp-error") == "access_denied"


@pytest.mark.security
def test_parallel_sign_ins_in_one_browser_all_complete(visitor, portal, mock_idp, monkeypatch):
    from accounts import views

    # Signed in at both origins first: every authorize request below comes straight back with
    # a code, and all ten starts carry one and the same portal session cookie.
    visitor.open(f"{portal}/dashboard/home")
    visitor.sign_in(JOHN)
    tabs = 10
    jars = [visitor.session.cookies.copy() for _ in range(tabs)]

    # Hold every start, once it has read the session, until all ten have: the interleaving a
    # busy server produces by chance, made certain (the live server runs in this process).
    all_started = threading.Barrier(tabs, timeout=10)
    discovery = views.provider_metadata

    def provider_metadata_once_all_started():
        all_started.wait()
        return discovery()

    monkeypatch.setattr(views, "provider_metadata", provider_metadata_once_all_started)

    def start(tab: int) -> requests.Response:
        return requests.get(
            f"{portal}/oidc/authenticate/?next=/dashboard/home%3Ftab%3D{tab}",
            cookies=jars[tab], allow_redirects=False, timeout=20,
        )

    with ThreadPoolExecutor(max_workers=tabs) as pool:
        starts = list(pool.map(start, range(tabs)))
    monkeypatch.setattr(views, "provider_metadata", discovery)
    for response in starts:
        visitor.session.cookies.update(response.cookies)  # what the browser keeps

    def finish(response: requests.Response) -> tuple[int, str]:
        # At the IdP (already signed in) and back to the callback, then the page asked for.
        if response.status_code != 302:
            return response.status_code, response.url
        page = visitor.open(response.headers["Location"])
        return page.status_code, page.url

    assert [finish(response) for response in starts] == [
        (200, f"{portal}/dashboard/home?tab={tab}") for tab in range(tabs)
    ]


# --- The step-up strategies against the mock Entra ID


def test_auth_context_step_up_against_the_mock_idp(visitor, portal, mock_idp, settings):
    # Alejandra did MFA at sign-in, but under the acrs rule only the context counts: the
    # first protected page asks for it, and the mock answers at once (MFA already done).
    settings.OIDC_STEPUP = "auth_context"
    page = sign_in_with_mfa(visitor, portal, mock_idp, ALEJANDRA, "/dashboard/home")
    assert text_of(page, "session-amr") == "pwd, mfa, otp"
    assert text_of(page, "session-mfa") == "No MFA yet"

    page = visitor.open(f"{portal}{CUSTOMERS}")
    step_up = query(visitor.hop_to(f"{mock_idp.url}/identity/o/authorize"))
    assert json.loads(step_up["claims"]) == {
        "id_token": {"acrs": {"essential": True, "value": "c1"}}
    }
    assert page.status_code == 200
    assert page.url == f"{portal}{CUSTOMERS}"
    assert text_of(page, "session-mfa") == "MFA done"


def test_reauthenticate_step_up_against_the_mock_idp_cannot_force_mfa(
    visitor, portal, mock_idp, settings
):
    # The last resort: a fresh sign-in. Fabrikam asks no MFA at sign-in, so John is back with
    # a password-only token, and the area explains instead of looping.
    settings.OIDC_STEPUP = "reauthenticate"
    visitor.open(f"{portal}/dashboard/home")
    visitor.sign_in(JOHN)
    page = visitor.open(f"{portal}{CUSTOMERS}")
    step_up = query(visitor.hop_to(f"{mock_idp.url}/identity/o/authorize"))
    assert (step_up["prompt"], step_up["max_age"]) == ("login", "0")
    assert 'name="password"' in page.text  # the mock asks for the password again
    page = visitor.submit({"password": "Passw0rd!Demo"})
    assert page.status_code == 403
    assert text_of(page, "mfa-blocked-amr") == "pwd"
