"""Journey 2 over real HTTP: the mock Entra ID (live server), Wingtip AD FS (a child process),
a standard OIDC client (Authlib), and federatedIdpMfaBehavior's three modes."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from entra.demo_data import POWERSHELL_CLIENT_ID
from entra.federation import MULTIPLE_AUTHN
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser

pytestmark = pytest.mark.django_db(transaction=True)

PRASHOB = "prashob@wingtip.com"


def _behavior(client, behavior: str) -> None:
    response = client.post(
        "/qa/domains/wingtip.com/federation",
        data=json.dumps({"federatedIdpMfaBehavior": behavior}), content_type="application/json",
    )
    assert response.status_code == 200


def _adfs_code(adfs, which: str = "code") -> str:
    return requests.get(f"{adfs.url}/qa/users/{PRASHOB}/totp", timeout=10).json()[which]


def _start(idp: str, adfs) -> tuple[oidc_client.Flow, IdpBrowser]:
    """Prashob types his UPN at Entra and lands on Wingtip AD FS's sign-in page."""
    flow = oidc_client.start(idp)
    browser = IdpBrowser(idp, other_origins=(adfs.url,))
    browser.open(flow.url)
    browser.sign_in(PRASHOB, password="")  # home-realm discovery: no password asked here
    assert browser.last.url.startswith(adfs.url)
    browser.sign_in(PRASHOB)
    return flow, browser


def _claims(idp: str, flow, browser: IdpBrowser) -> dict:
    tokens = oidc_client.redeem(idp, flow, browser.client_redirect)
    return oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)


def test_accept_mfa_done_by_the_federated_idp(idp, federation):
    flow, browser = _start(idp, federation)
    assert browser.last.url.startswith(federation.url)  # AD FS asks for its own MFA
    browser.enter_code(_adfs_code(federation))
    claims = _claims(idp, flow, browser)
    assert claims["amr"] == ["fed", "mfa"]
    assert claims["upn"] == PRASHOB


def test_accept_without_mfa_at_the_idp_makes_entra_ask(idp, federation):
    federation.set_skip_mfa(PRASHOB, skip=True)
    _, browser = _start(idp, federation)
    assert browser.last.url.startswith(idp)
    assert 'data-testid="mfa-register-secret"' in browser.last.text  # Entra's own, from scratch


def test_enforce_sends_prashob_back_to_the_idp_for_mfa(idp, federation, client):
    _behavior(client, "enforceMfaByFederatedIdp")
    federation.set_skip_mfa(PRASHOB, skip=True)
    flow, browser = _start(idp, federation)
    # Password only at AD FS, then Entra sent the browser back asking for MFA.
    assert browser.last.url.startswith(federation.url)
    assert 'data-testid="mfa-code"' in browser.last.text
    asked = [
        parse_qs(urlsplit(url).query) for url in browser.visited
        if url.startswith(f"{federation.url}/identity/o/authorize")
    ]
    assert asked[0].get("acr_values") is None  # the first hop asks for no MFA in particular
    assert asked[-1]["acr_values"] == [MULTIPLE_AUTHN]  # the hop back does
    browser.enter_code(_adfs_code(federation))
    assert _claims(idp, flow, browser)["amr"] == ["fed", "mfa"]


def test_reject_makes_entra_do_mfa_whatever_the_idp_did(idp, federation, client):
    _behavior(client, "rejectMfaByFederatedIdp")
    _, browser = _start(idp, federation)
    browser.enter_code(_adfs_code(federation))  # done at AD FS ...
    assert browser.last.url.startswith(idp)
    assert 'data-testid="mfa-register-secret"' in browser.last.text  # ... and not counted


def test_the_qa_api_answers_for_the_federated_users_code(idp, federation):
    entra = requests.get(f"{idp}/qa/users/{PRASHOB}/totp", timeout=10).json()
    assert entra["code"] in {_adfs_code(federation), _adfs_code(federation, "next_code")}
