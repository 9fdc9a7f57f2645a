"""The device code flow (RFC 8628) of Partner Center PowerShell
(``Connect-PartnerCenter -UseDeviceAuthentication``), over real HTTP: the CLI's requests with
``requests``, the person at the device page with the browserless helper.

The token's ``amr`` must tell the truth exactly as after the authorization-code flow: the user
signs in at the IdP, the tenant's MFA policy applies, and the confirmation carries that sign-in.
"""

from __future__ import annotations

import html
import re
import time

import pytest
import requests

from entra import services
from entra.adapters.oidc import PARTNER_CENTER_API
from entra.demo_data import AUTOMATION_CLIENT_ID, POWERSHELL_CLIENT_ID
from entra.models import GrantLink, Tenant, User
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser
from entra.tests.concurrency import PARALLEL, all_at_once, outcomes

pytestmark = pytest.mark.django_db(transaction=True)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
JOHN = "john@fabrikam.com"
ALEJANDRA = "alejandra@contoso.com"
TRENT = "trent@wingtiptoys.com"
PRASHOB = "prashob@wingtip.com"
SERVICE_ACCOUNT = "svc.automation@fabrikam.com"


@pytest.fixture
def quick_polls(settings):
    # allauth answers slow_down to a poll within the interval (5 s) of the last one; tests that
    # poll right after the user confirms would otherwise have to sleep.
    settings.IDP_OIDC_DEVICE_CODE_INTERVAL = 0


def _device_authorization(idp: str, **params: str) -> requests.Response:
    data = {"client_id": POWERSHELL_CLIENT_ID, "scope": "openid profile", **params}
    endpoint = oidc_client.discovery(idp)["device_authorization_endpoint"]
    return requests.post(endpoint, data=data, timeout=10)


def _start(idp: str, **params: str) -> dict:
    response = _device_authorization(idp, **params)
    assert response.status_code == 200, response.text
    return response.json()


def _poll(idp: str, device_code: str, client_id: str = POWERSHELL_CLIENT_ID) -> requests.Response:
    return requests.post(
        oidc_client.discovery(idp)["token_endpoint"],
        data={"grant_type": DEVICE_GRANT, "device_code": device_code, "client_id": client_id},
        timeout=30,
    )


def _open_device_page(browser: IdpBrowser, device: dict, upn: str) -> None:
    """The person follows the link the CLI printed and signs in (with the policy's MFA)."""
    browser.open(device["verification_uri_complete"])
    if browser.last is not None and 'data-testid="signin-password"' in browser.last.text:
        browser.sign_in(upn)
    if browser.last is not None and 'data-testid="mfa-code"' in browser.last.text:
        browser.enter_code(browser.totp(upn))


def _confirm(browser: IdpBrowser, action: str = "confirm") -> None:
    """Press "Continue" (or "Cancel"): the page's own form, to the address it names."""
    assert 'data-testid="device-confirm"' in browser.last.text
    form_action = re.search(r'<form method="post" action="([^"]+)"', browser.last.text)
    browser.submit({"action": action}, action=html.unescape(form_action.group(1)))
    assert 'data-testid="device-done"' in browser.last.text


def _sign_in_and_confirm(idp: str, upn: str, **params: str) -> tuple[dict, IdpBrowser]:
    device = _start(idp, **params)
    browser = IdpBrowser(idp)
    _open_device_page(browser, device, upn)
    _confirm(browser)
    return device, browser


def _access_claims(idp: str, tokens: dict, upn: str, *, resource: bool = False) -> dict:
    if not resource:
        return oidc_client.verify(idp, tokens["access_token"], audience=POWERSHELL_CLIENT_ID)
    tid = User.objects.get(email=upn).tenant_id
    return oidc_client.verify(
        idp, tokens["access_token"], audience=PARTNER_CENTER_API,
        issuer=f"https://sts.windows.net/{tid}/",
    )


def _token(idp: str, device: dict) -> dict:
    response = _poll(idp, device["device_code"])
    assert response.status_code == 200, response.text
    return response.json()


def test_discovery_advertises_the_device_authorization_endpoint_and_grant(idp):
    meta = oidc_client.discovery(idp)
    assert meta["device_authorization_endpoint"] == f"{idp}/identity/o/api/device/code"
    assert DEVICE_GRANT in meta["grant_types_supported"]


def test_the_device_authorization_response_names_the_device_page(idp):
    device = _start(idp)
    assert device["verification_uri"] == f"{idp}/identity/o/device"
    assert device["verification_uri_complete"].startswith(f"{idp}/identity/o/device?code=")
    assert device["user_code"]
    assert device["device_code"]
    assert device["expires_in"] > 0


@pytest.mark.usefixtures("quick_polls")
@pytest.mark.parametrize("upn", [JOHN, SERVICE_ACCOUNT])
def test_fabrikam_has_no_policy_so_the_token_says_password_only(idp, upn):
    device, browser = _sign_in_and_confirm(idp, upn)
    assert any("/accounts/login/" in url for url in browser.visited)  # signed in first
    tokens = _token(idp, device)
    claims = _access_claims(idp, tokens, upn)
    assert claims["amr"] == ["pwd"]
    assert claims["upn"] == upn
    assert claims["appid"] == POWERSHELL_CLIENT_ID
    assert claims["appidacr"] == "0"  # a public client
    # A refreshed token keeps the amr of the sign-in that confirmed the code.
    refreshed = requests.post(
        oidc_client.discovery(idp)["token_endpoint"],
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
              "client_id": POWERSHELL_CLIENT_ID},
        timeout=30,
    ).json()
    assert _access_claims(idp, refreshed, upn)["amr"] == ["pwd"]
    assert oidc_client.verify(idp, refreshed["id_token"], audience=POWERSHELL_CLIENT_ID)["amr"] == [
        "pwd"
    ]


@pytest.mark.usefixtures("quick_polls")
def test_contoso_asks_for_mfa_before_the_code_and_the_partner_center_token_says_so(idp):
    device = _start(idp, resource=PARTNER_CENTER_API)
    browser = IdpBrowser(idp)
    browser.open(device["verification_uri"])  # the short address; the code is typed
    browser.sign_in(ALEJANDRA)
    assert 'data-testid="mfa-code"' in browser.last.text  # Contoso: MFA at every sign-in
    browser.enter_code(browser.totp(ALEJANDRA))
    assert 'data-testid="device-user-code"' in browser.last.text
    assert 'class="entra-card' in browser.last.text  # the IdP's own look, not allauth's
    browser.open(f"/identity/o/device?code={device['user_code']}")  # the GET form's submission
    _confirm(browser)
    claims = _access_claims(idp, _token(idp, device), ALEJANDRA, resource=True)
    assert claims["amr"] == ["pwd", "mfa", "otp"]
    assert claims["aud"] == PARTNER_CENTER_API
    assert claims["scp"] == "user_impersonation"
    assert claims["auth_time"] <= claims["iat"]


@pytest.mark.usefixtures("quick_polls")
def test_mfa_due_by_policy_is_asked_on_the_device_page_itself(idp):
    """A session that proved only the password, when the tenant asks MFA at every sign-in."""
    browser = IdpBrowser(idp)
    device = _start(idp)
    _open_device_page(browser, device, JOHN)  # Fabrikam: no policy yet, password only
    assert 'data-testid="device-confirm"' in browser.last.text
    Tenant.objects.filter(domain="fabrikam.com").update(mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN)
    browser.open(device["verification_uri_complete"])
    assert "/mfa/register/" in browser.last.url  # no method yet: Entra's registration first
    assert 'data-testid="device-confirm"' not in browser.last.text


@pytest.mark.usefixtures("quick_polls")
def test_mfa_asked_on_the_device_page_goes_back_to_the_code(idp):
    browser = IdpBrowser(idp)
    browser.open("/identity/o/device")
    browser.sign_in(JOHN)
    # Then the policy changes, and John has an authenticator app.
    Tenant.objects.filter(domain="fabrikam.com").update(mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN)
    services.totp_register(
        user=User.objects.get(email=JOHN), secret=services.demo_totp_secret(JOHN)
    )
    device = _start(idp)
    browser.open(device["verification_uri_complete"])
    assert "/accounts/2fa/reauthenticate/" in browser.last.url
    browser.enter_code(browser.totp(JOHN))
    _confirm(browser)
    assert _access_claims(idp, _token(idp, device), JOHN)["amr"] == ["pwd", "mfa", "otp"]


@pytest.mark.usefixtures("quick_polls")
def test_a_third_party_mfa_tenant_follows_the_authorize_rules(idp, client):
    device = _start(idp)
    browser = IdpBrowser(idp)
    browser.open(device["verification_uri_complete"])
    browser.sign_in(TRENT)
    assert 'data-testid="third-party-mfa"' in browser.last.text  # Tailspin Verify, not Entra
    browser.enter_code(browser.totp(TRENT))
    _confirm(browser)
    # A custom control: the policy is met, amr learns nothing.
    assert _access_claims(idp, _token(idp, device), TRENT)["amr"] == ["pwd"]

    response = client.post(
        "/qa/tenants/wingtiptoys.com/third-party-mfa",
        data='{"integration": "external_authentication_method"}', content_type="application/json",
    )
    assert response.status_code == 200
    device = _start(idp)
    browser.open(device["verification_uri_complete"])
    assert 'data-testid="third-party-mfa"' in browser.last.text  # now worth asking again
    browser.enter_code(browser.totp(TRENT, "next_code"))
    _confirm(browser)
    assert _access_claims(idp, _token(idp, device), TRENT)["amr"] == ["pwd", "mfa"]


@pytest.mark.usefixtures("quick_polls")
def test_a_federated_user_signs_in_and_does_mfa_at_the_federated_idp(idp, federation):
    device = _start(idp)
    browser = IdpBrowser(idp, other_origins=(federation.url,))
    browser.open(device["verification_uri_complete"])
    browser.sign_in(PRASHOB, password="")  # home-realm discovery sends him to Wingtip AD FS
    assert browser.last.url.startswith(federation.url)
    browser.sign_in(PRASHOB)
    code = requests.get(f"{federation.url}/qa/users/{PRASHOB}/totp", timeout=10).json()["code"]
    browser.enter_code(code)
    _confirm(browser)
    assert _access_claims(idp, _token(idp, device), PRASHOB)["amr"] == ["fed", "mfa"]


@pytest.mark.security
@pytest.mark.usefixtures("quick_polls")
def test_a_device_code_gets_one_token_response(idp):
    device, _ = _sign_in_and_confirm(idp, JOHN)
    first = _poll(idp, device["device_code"])
    assert first.status_code == 200
    again = _poll(idp, device["device_code"])
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    # As with an authorization code, the replay revokes what the one redemption issued.
    refresh = requests.post(
        oidc_client.discovery(idp)["token_endpoint"],
        data={"grant_type": "refresh_token", "refresh_token": first.json()["refresh_token"],
              "client_id": POWERSHELL_CLIENT_ID},
        timeout=30,
    )
    assert refresh.json()["error"] == "invalid_grant"


@pytest.mark.security
@pytest.mark.usefixtures("quick_polls")
def test_one_device_code_polled_ten_times_at_once_gives_one_token(idp):
    device, _ = _sign_in_and_confirm(idp, JOHN)
    responses = all_at_once(lambda: _poll(idp, device["device_code"]))
    assert outcomes(responses) == {"ok": 1, "400 invalid_grant": PARALLEL - 1}


def test_polls_before_the_user_confirms_are_pending_then_too_fast(idp):
    device = _start(idp)
    assert device["interval"] == 5
    first = _poll(idp, device["device_code"])
    assert (first.status_code, first.json()["error"]) == (400, "authorization_pending")
    second = _poll(idp, device["device_code"])
    assert (second.status_code, second.json()["error"]) == (400, "slow_down")


@pytest.mark.usefixtures("quick_polls")
def test_denying_on_the_device_page_is_access_denied_at_the_token_endpoint(idp):
    device = _start(idp)
    browser = IdpBrowser(idp)
    _open_device_page(browser, device, JOHN)
    _confirm(browser, action="deny")
    assert 'data-outcome="denied"' in browser.last.text
    response = _poll(idp, device["device_code"])
    assert (response.status_code, response.json()["error"]) == (400, "access_denied")
    assert not GrantLink.objects.filter(kind=GrantLink.Kind.DEVICE_CODE).exists()


@pytest.mark.usefixtures("quick_polls")
def test_an_expired_or_unknown_device_code_is_refused(idp, settings):
    settings.IDP_OIDC_DEVICE_CODE_EXPIRES_IN = 1
    device = _start(idp)
    time.sleep(1.5)
    expired = _poll(idp, device["device_code"])
    assert (expired.status_code, expired.json()["error"]) == (400, "invalid_grant")
    unknown = _poll(idp, "A" * 30)
    assert (unknown.status_code, unknown.json()["error"]) == (400, "invalid_grant")
    # And the user can no longer confirm it.
    browser = IdpBrowser(idp)
    _open_device_page(browser, device, JOHN)
    assert 'data-testid="device-error"' in browser.last.text


@pytest.mark.security
@pytest.mark.parametrize(
    "device_code",
    ["", " ", "a b", "é", "한국어", "x" * 5000, "<script>", "../../etc", "%zz", "a\nb", "{}"],
)
def test_malformed_device_codes_are_json_errors(idp, device_code):
    response = _poll(idp, device_code)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"] in {"invalid_grant", "invalid_request"}


@pytest.mark.security
@pytest.mark.parametrize(
    "resource", ["https://evil.example", "relative/path", "https://x.example/#frag"]
)
def test_an_unknown_resource_is_invalid_target(idp, resource):
    response = _device_authorization(idp, resource=resource)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_target"


@pytest.mark.security
def test_only_the_public_client_may_use_the_device_grant(idp, settings):
    response = _device_authorization(
        idp, client_id=AUTOMATION_CLIENT_ID, client_secret=settings.ENTRA_AUTOMATION_CLIENT_SECRET
    )
    assert (response.status_code, response.json()["error"]) == (400, "unauthorized_client")
    portal = _device_authorization(idp, client_id=settings.PORTAL_OIDC_CLIENT_ID)
    assert (portal.status_code, portal.json()["error"]) == (400, "unauthorized_client")
    device = _start(idp)
    stolen = _poll(idp, device["device_code"], client_id=AUTOMATION_CLIENT_ID)
    assert (stolen.status_code, stolen.json()["error"]) == (401, "invalid_client")


@pytest.mark.security
def test_confirming_needs_the_device_pages_csrf_token(idp):
    device = _start(idp)
    browser = IdpBrowser(idp)
    _open_device_page(browser, device, JOHN)
    assert 'name="csrfmiddlewaretoken"' in browser.last.text
    forged = browser.session.post(
        device["verification_uri_complete"], data={"action": "confirm"}, timeout=10,
        allow_redirects=False,
    )
    assert forged.status_code == 403
    response = _poll(idp, device["device_code"])
    assert response.json()["error"] == "authorization_pending"  # still not confirmed


@pytest.mark.usefixtures("quick_polls")
def test_the_code_may_be_typed_in_lower_case_with_spaces_around_it(idp):
    device = _start(idp)
    browser = IdpBrowser(idp)
    browser.open("/identity/o/device")
    browser.sign_in(JOHN)
    browser.open(f"/identity/o/device?code=+{device['user_code'].lower()}+")
    _confirm(browser)
    assert _poll(idp, device["device_code"]).status_code == 200


@pytest.mark.parametrize("code", ["WRNG-CODE", "<script>alert(1)</script>", "x" * 500, "%00"])
def test_a_wrong_user_code_shows_allauths_error(idp, code):
    browser = IdpBrowser(idp)
    browser.open("/identity/o/device")
    browser.sign_in(JOHN)
    response = browser.session.get(f"{idp}/identity/o/device", params={"code": code}, timeout=10)
    assert response.status_code == 200
    assert 'data-testid="device-error"' in response.text
    assert 'data-testid="device-user-code"' in response.text
    assert "<script>alert" not in response.text


@pytest.mark.security
@pytest.mark.usefixtures("quick_polls")
def test_a_confirmation_allauth_refuses_leaves_no_sign_in_behind(idp, settings):
    settings.IDP_OIDC_RATE_LIMITS = {"device_user_code": "1/m/ip"}
    device = _start(idp)
    browser = IdpBrowser(idp)
    _open_device_page(browser, device, JOHN)  # one check of the user code, the last allowed
    browser.submit({"action": "confirm"})
    assert 'data-testid="device-error"' in browser.last.text  # allauth's "too many attempts"
    assert 'data-testid="device-done"' not in browser.last.text
    assert not GrantLink.objects.filter(kind=GrantLink.Kind.DEVICE_CODE).exists()
    assert _poll(idp, device["device_code"]).json()["error"] == "authorization_pending"


@pytest.mark.security
@pytest.mark.usefixtures("quick_polls")
@pytest.mark.parametrize(
    ("tamper", "error"),
    [
        # Confirmed, but the sign-in record is missing (not committed yet): poll again.
        ("delete", "authorization_pending"),
        # The record names someone other than the user who confirmed: no token at all.
        ("other_user", "invalid_grant"),
    ],
)
def test_a_confirmed_code_without_its_own_sign_in_gets_no_token(idp, tamper, error):
    device, _ = _sign_in_and_confirm(idp, JOHN)
    link = GrantLink.objects.get(kind=GrantLink.Kind.DEVICE_CODE)
    if tamper == "delete":
        link.delete()
    else:
        sign_in = link.sign_in
        sign_in.user = User.objects.get(email=ALEJANDRA)
        sign_in.amr = ["pwd", "mfa", "otp"]
        sign_in.save()
    response = _poll(idp, device["device_code"])
    assert (response.status_code, response.json()["error"]) == (400, error)
