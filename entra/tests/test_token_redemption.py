"""The token endpoint: one token response per code and per refresh token, even when asked at once.

Run against the database the suite uses (SQLite by default, PostgreSQL with IDP_DATABASE_URL),
through the live server's threads, so the concurrency is real.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from entra.demo_data import NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser
from entra.tests.concurrency import PARALLEL, all_at_once, outcomes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security]


def _code_flow(idp: str) -> tuple[oidc_client.Flow, str]:
    """John signs in (password only, which is enough for a code); returns the flow and code."""
    flow = oidc_client.start(idp)
    browser = IdpBrowser(idp)
    browser.open(flow.url)
    browser.sign_in("john@fabrikam.com")
    assert browser.client_redirect.startswith(NATIVE_REDIRECT_URI)
    return flow, parse_qs(urlsplit(browser.client_redirect).query)["code"][0]


def _token_endpoint(idp: str) -> str:
    return oidc_client.discovery(idp)["token_endpoint"]


def _redeem_code(idp: str, flow: oidc_client.Flow, code: str) -> requests.Response:
    return requests.post(
        _token_endpoint(idp),
        data={
            "grant_type": "authorization_code", "code": code, "client_id": POWERSHELL_CLIENT_ID,
            "redirect_uri": NATIVE_REDIRECT_URI, "code_verifier": flow.verifier,
        },
        timeout=30,
    )


def _refresh(idp: str, refresh_token: str) -> requests.Response:
    return requests.post(
        _token_endpoint(idp),
        data={
            "grant_type": "refresh_token", "refresh_token": refresh_token,
            "client_id": POWERSHELL_CLIENT_ID,
        },
        timeout=30,
    )


def test_one_code_redeemed_ten_times_at_once_gives_one_token_response(idp):
    flow, code = _code_flow(idp)
    responses = all_at_once(lambda: _redeem_code(idp, flow, code))
    assert outcomes(responses) == {"ok": 1, "400 invalid_grant": PARALLEL - 1}
    winner = next(r for r in responses if r.status_code == 200).json()
    # The replays revoked what the one redemption issued (OAuth 2.0 Security BCP 4.14).
    assert _refresh(idp, winner["refresh_token"]).json()["error"] == "invalid_grant"


def test_one_refresh_token_redeemed_ten_times_at_once_gives_one_new_token(idp):
    flow, code = _code_flow(idp)
    refresh_token = _redeem_code(idp, flow, code).json()["refresh_token"]
    responses = all_at_once(lambda: _refresh(idp, refresh_token))
    assert outcomes(responses) == {"ok": 1, "400 invalid_grant": PARALLEL - 1}
    rotated = next(r for r in responses if r.status_code == 200).json()["refresh_token"]
    assert _refresh(idp, rotated).json()["error"] == "invalid_grant"  # revoked by the replays


def test_a_replayed_code_revokes_the_tokens_it_issued(idp):
    flow, code = _code_flow(idp)
    first = _redeem_code(idp, flow, code)
    assert first.status_code == 200
    replay = _redeem_code(idp, flow, code)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert "revoked" in replay.json()["error_description"]
    assert _refresh(idp, first.json()["refresh_token"]).json()["error"] == "invalid_grant"


def test_a_replayed_refresh_token_revokes_its_successor(idp):
    flow, code = _code_flow(idp)
    old = _redeem_code(idp, flow, code).json()["refresh_token"]
    new = _refresh(idp, old)
    assert new.status_code == 200
    assert _refresh(idp, old).json()["error"] == "invalid_grant"  # the thief's replay ...
    successor = new.json()["refresh_token"]
    assert _refresh(idp, successor).json()["error"] == "invalid_grant"  # ... ends it


def test_a_failed_redemption_does_not_spend_the_code(idp):
    flow, code = _code_flow(idp)
    wrong = oidc_client.Flow(flow.session, flow.url, flow.state, flow.nonce, "x" * 50)
    assert _redeem_code(idp, wrong, code).json()["error"] == "invalid_grant"
    assert _redeem_code(idp, flow, code).status_code == 200


def test_an_unknown_resource_is_invalid_target_not_a_server_error(idp):
    flow, code = _code_flow(idp)
    response = requests.post(
        _token_endpoint(idp),
        data={
            "grant_type": "authorization_code", "code": code, "client_id": POWERSHELL_CLIENT_ID,
            "redirect_uri": NATIVE_REDIRECT_URI, "code_verifier": flow.verifier,
            "resource": "https://evil.example",
        },
        timeout=30,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_target"
    assert _redeem_code(idp, flow, code).status_code == 200  # and the code is still good
