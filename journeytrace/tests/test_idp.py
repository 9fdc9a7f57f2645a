"""The identity provider's own steps, fetched at the callback from its QA API (the real mock
Entra ID in its own process), and what the trace says when there is no such API."""

from __future__ import annotations

import pytest

from journeytrace import idp
from testsupport.browser import PASSWORD, Browser, query

ALEJANDRA = "alejandra@contoso.com"  # Contoso: MFA at every sign-in, authenticator registered


def _sign_in_with_mfa(portal: str, mock_idp) -> tuple[Browser, list[str]]:
    """Alejandra's sign-in; returns the browser and the values that must never be traced."""
    visitor = Browser()
    visitor.open(f"{portal}/commerce/customers/")
    authorize = query(next(hop for hop in visitor.hops if "/authorize" in hop))
    visitor.sign_in(ALEJANDRA)
    code = mock_idp.totp(ALEJANDRA)
    page = visitor.enter_code(code)
    assert page.status_code == 200
    assert page.url == f"{portal}/commerce/customers/"
    return visitor, [code, authorize["state"], authorize["nonce"], authorize["code_challenge"]]


def test_the_idp_steps_come_between_the_redirect_and_the_token(portal, mock_idp, settings):
    visitor, secrets = _sign_in_with_mfa(portal, mock_idp)
    export = visitor.session.get(f"{portal}/trace/export.json", timeout=10)
    steps = export.json()["steps"]
    assert [(step["source"], step["kind"]) for step in steps] == [
        ("portal", "portal_policy"),  # not signed in: sign-in
        ("portal", "portal_redirect"),
        ("idp", "idp_request"),
        ("idp", "idp_sign_in"),
        ("idp", "idp_password"),
        ("idp", "idp_mfa_verification"),  # asked by the sign-in itself (Contoso's policy)
        ("idp", "idp_policy"),
        ("idp", "idp_code"),
        ("portal", "portal_token"),
        ("portal", "portal_token_decision"),
        ("portal", "portal_policy"),  # the page opens
    ]
    assert steps[6]["text"] == (
        "Contoso requires MFA at every sign-in; this sign-in already did MFA "
        "(amr = [pwd, mfa, otp]): no prompt"
    )
    token = steps[8]
    assert token["token"]["header"]["alg"] == "RS256"
    claims = {claim["claim"]: claim for claim in token["token"]["claims"]}
    assert claims["amr"]["value"] == ["pwd", "mfa", "otp"]
    assert claims["amr"]["explanation"].startswith("How the user signed in")
    assert token["token"]["signature"] == "not recorded"
    assert steps[9]["text"].startswith("MFA counted: amr = [pwd, mfa, otp] has mfa")
    assert steps[-1]["text"].endswith("roles = Admin agent: open")

    raw = export.text
    cookies = [cookie.value for cookie in visitor.session.cookies]
    for secret in (*secrets, PASSWORD, settings.OIDC_RP_CLIENT_SECRET, *cookies):
        assert secret not in raw


def test_a_trace_id_planted_before_the_sign_in_reads_nothing_after_it(portal, mock_idp):
    """The sign-in moves the trace to a new id, as Django cycles the session key: someone who
    set the browser's trace cookie beforehand (another origin of the same host) cannot read the
    signed-in user's tokens with it."""
    import requests

    planted = "A" * 22
    visitor = Browser()
    visitor.session.cookies.set("pc_trace", planted)
    visitor.open(f"{portal}/commerce/customers/")
    visitor.sign_in(ALEJANDRA)
    assert visitor.enter_code(mock_idp.totp(ALEJANDRA)).url == f"{portal}/commerce/customers/"

    mine = visitor.session.get(f"{portal}/trace/export.json", timeout=10).json()["steps"]
    assert [step["kind"] for step in mine][:2] == ["portal_policy", "portal_redirect"]
    assert any(step["kind"] == "portal_token" for step in mine)  # all of it, kept
    theirs = requests.get(
        f"{portal}/trace/export.json", cookies={"pc_trace": planted}, timeout=10
    ).json()["steps"]
    assert theirs == []


def test_without_the_idp_qa_api_the_trace_says_so_and_sign_in_works(
    portal, mock_idp, settings, live_server
):
    # The portal itself has no /qa/trace: a 404, as a real Entra ID would answer.
    settings.IDP_QA_API_URL = live_server.url
    visitor, _secrets = _sign_in_with_mfa(portal, mock_idp)
    steps = visitor.session.get(f"{portal}/trace/export.json", timeout=10).json()["steps"]
    kinds = [step["kind"] for step in steps]
    assert kinds == [
        "portal_policy", "portal_redirect", "idp_not_visible", "portal_token",
        "portal_token_decision", "portal_policy",
    ]
    assert steps[2]["text"] == (
        "The identity provider's own steps are not visible (not the mock)"
    )


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "http://localhost:1/nothing"])
def test_an_unreachable_qa_api_is_not_visible(settings, url):
    settings.IDP_QA_API_URL = url
    assert idp.idp_trace_fetch(state="s") is None
