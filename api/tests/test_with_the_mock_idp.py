"""The API with tokens from the mock Entra ID itself, obtained as partner automation does, by
the example client (examples/partner_center_api.py) over real HTTP: client credentials,
authorization code with PKCE, refresh tokens (the Secure Application Model), device code, and
the QA API's minted tokens. The exact 401 is checked on the wire."""

from __future__ import annotations

import html
import re
import socket
from urllib.parse import urlsplit

import pytest

from examples import partner_center_api as example
from testsupport.browser import Browser

ALEJANDRA = "alejandra@contoso.com"  # Contoso: MFA at every sign-in
JOHN = "john@fabrikam.com"  # Fabrikam: no MFA policy


@pytest.fixture
def idp(portal, mock_idp) -> str:
    return mock_idp.url


def _codes(responses) -> list[tuple[int, str | None]]:
    return [
        (r.status_code, r.json().get("code") if r.status_code >= 400 else None)
        for r in responses
    ]


def _sign_in_for_the_automation_app(idp: str, mock_idp, upn: str) -> dict:
    session, url, state, verifier = example.authorization_request(
        idp, client_id=example.AUTOMATION_APP, client_secret=mock_idp.automation_secret
    )
    browser = Browser(stop_at=example.REDIRECT_URI)
    browser.open(url)
    browser.sign_in(upn)
    if browser.page is not None and 'name="code"' in browser.page.text:
        browser.enter_code(mock_idp.totp(upn))
    callback = browser.hops[-1]
    assert callback.startswith(example.REDIRECT_URI), browser.hops
    return example.redeem(idp, session, callback=callback, state=state, verifier=verifier)


def test_app_only_by_client_credentials(portal, idp, mock_idp):
    token = example.app_only_token(
        idp, client_id=example.AUTOMATION_APP, client_secret=mock_idp.automation_secret
    )
    assert _codes(example.demo_calls(portal, token["access_token"], say=lambda _: None)) == [
        (200, None), (200, None), (403, "app_only_not_supported"),
    ]


def test_app_user_with_mfa_by_authorization_code_and_pkce(portal, idp, mock_idp):
    token = _sign_in_for_the_automation_app(idp, mock_idp, ALEJANDRA)
    assert _codes(example.demo_calls(portal, token["access_token"], say=lambda _: None)) == [
        (200, None), (200, None), (200, None),
    ]


def test_the_refresh_token_keeps_the_sign_ins_mfa(portal, idp, mock_idp):
    # The Secure Application Model: one interactive sign-in with MFA, then unattended refreshes.
    first = _sign_in_for_the_automation_app(idp, mock_idp, ALEJANDRA)
    refreshed = example.refreshed_token(
        idp, client_id=example.AUTOMATION_APP, client_secret=mock_idp.automation_secret,
        refresh_token=first["refresh_token"],
    )
    assert refreshed["access_token"] != first["access_token"]
    response = example.call(portal, refreshed["access_token"], "/v1/customers")
    assert response.status_code == 200


def test_app_user_without_mfa_gets_the_401(portal, idp, mock_idp):
    token = _sign_in_for_the_automation_app(idp, mock_idp, JOHN)
    responses = example.demo_calls(portal, token["access_token"], say=lambda _: None)
    assert _codes(responses) == [(401, "mfa_required")] * 3
    assert {r.reason for r in responses} == {"Unauthorized - MFA required"}


def _confirm_on_the_device_page(mock_idp, upn: str):
    """The person at another device: the link the CLI printed, sign-in (and MFA), Continue."""

    def confirm(device: dict) -> None:
        browser = Browser()
        browser.open(device["verification_uri_complete"])
        browser.sign_in(upn)
        if 'data-testid="mfa-code"' in browser.page.text:
            browser.enter_code(mock_idp.totp(upn))
        assert 'data-testid="device-confirm"' in browser.page.text, browser.hops
        action = re.search(r'<form method="post" action="([^"]+)"', browser.page.text).group(1)
        browser.submit({"action": "confirm"}, action=html.unescape(action))
        assert 'data-testid="device-done"' in browser.page.text

    return confirm


@pytest.mark.parametrize(
    ("upn", "expected"),
    [(ALEJANDRA, [(200, None)] * 3), (JOHN, [(401, "mfa_required")] * 3)],
)
def test_device_code_for_a_cli_user(portal, idp, mock_idp, upn, expected):
    token = example.device_code_token(
        idp, show_code=_confirm_on_the_device_page(mock_idp, upn)
    )
    assert _codes(example.demo_calls(portal, token["access_token"], say=lambda _: None)) == (
        expected
    )


def test_the_401_is_exactly_partner_centers_on_the_wire(portal, idp):
    token = example.qa_token(idp, upn=JOHN, amr=["pwd"])["access_token"]
    address = urlsplit(portal)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            f"GET /v1/customers HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Authorization: Bearer {token}\r\nConnection: close\r\n\r\n".encode()
        )
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    status_line, *header_lines = head.split("\r\n")
    assert status_line == "HTTP/1.1 401 Unauthorized - MFA required"
    assert 'WWW-Authenticate: Bearer error="invalid_token"' in header_lines


@pytest.mark.parametrize(
    ("upn", "amr", "expected"),
    [
        ("svc.automation@fabrikam.com", ["pwd"], 401),  # common issue 3: a service account
        ("trent@wingtiptoys.com", ["pwd"], 401),  # journey 4: third-party MFA not in amr
        ("prashob@wingtip.com", ["fed", "mfa"], 200),  # journey 2: federated MFA accepted
        (ALEJANDRA, ["pwd", "mfa", "otp"], 200),
    ],
)
def test_qa_tokens_for_the_personas(portal, idp, upn, amr, expected):
    token = example.qa_token(idp, upn=upn, amr=amr)["access_token"]
    assert example.call(portal, token, "/v1/customers").status_code == expected


def test_the_example_signs_in_with_a_customer_tenant_as_the_authority(idp, mock_idp):
    # `app-user --tenant adatum.com`: Contoso's admin agent, through GDAP, in Adatum's directory.
    authority = example.authority(idp, "adatum.com")
    token = _sign_in_for_the_automation_app(authority, mock_idp, "admin.agent@contoso.com")
    claims = example.verified_claims(authority, token["access_token"])
    adatum = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
    assert claims["tid"] == adatum
    assert claims["iss"] == f"https://sts.windows.net/{adatum}/"
    assert claims["idp"] == "https://sts.windows.net/6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01/"
    assert claims["amr"] == ["pwd", "mfa", "otp"]
    assert "roles" not in claims
    refreshed = example.refreshed_token(
        authority, client_id=example.AUTOMATION_APP, client_secret=mock_idp.automation_secret,
        refresh_token=token["refresh_token"],
    )
    assert example.verified_claims(authority, refreshed["access_token"])["tid"] == adatum
