"""The journey trace of journey 3 (john@fabrikam.com): every decision in order, on the side
panel and the full page, and the same steps in the JSON export, with no secret in it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from e2e.pages.idp import DEMO_PASSWORD
from e2e.pages.trace import TracePage, TracePanel

JOHN = "john@fabrikam.com"

# From the first protected page on: the step-up round trip of journey 3.
STEP_UP_KINDS = [
    "portal_policy",  # Customers needs MFA; amr = [pwd] has no mfa: step-up
    "portal_redirect",  # amr_values=mfa
    "idp_request",
    "idp_session",  # already signed in with the password
    "idp_policy",  # no method registered: registration
    "idp_mfa_registration",
    "idp_mfa_verification",
    "idp_policy",  # this sign-in already did MFA: no prompt
    "idp_code",  # amr = [pwd, mfa, otp]
    "portal_token",
    "portal_token_decision",  # MFA counted
    "portal_policy",  # Customers opens
]


def _callback_secrets(page) -> list[str]:
    """Every code and state the provider sends to the portal's callback, as the browser sees
    them (filled in while the test runs)."""
    seen: list[str] = []

    def note(request) -> None:
        if "/oidc/callback/" in request.url:
            query = parse_qs(urlsplit(request.url).query)
            seen.extend(query.get("code", []) + query.get("state", []))

    page.on("request", note)
    return seen


def test_journey3_trace_lists_its_steps_in_order(pc, idp, portal, page):
    callback_secrets = _callback_secrets(page)
    pc.open_area("overview")
    idp.sign_in(JOHN)
    pc.expect_area("overview")
    pc.click_area("customers")
    idp.register_authenticator()
    idp.verify(JOHN)
    pc.expect_area("customers")

    # The side panel, on the page just opened: the latest journey, from the step-up's redirect.
    panel = TracePanel(page)
    expect(panel.steps.first).to_contain_text(
        "To the identity provider for a step-up: amr_values=mfa"
    )
    expect(panel.steps.last).to_contain_text("Customers needs MFA")
    panel.fold()
    expect(panel.steps.first).to_be_hidden()

    trace = TracePage(page, portal).open()
    kinds = trace.kinds()
    start = len(kinds) - len(STEP_UP_KINDS)
    assert kinds[start:] == STEP_UP_KINDS
    assert kinds[:start].count("portal_redirect") == 1  # the first sign-in, before
    texts = trace.texts()[start:]
    assert texts[0] == (
        "Customers needs MFA and one of Admin agent, Sales agent, Helpdesk agent; "
        "amr = [pwd] has no mfa: step-up"
    )
    assert "amr_values=mfa" in texts[1]
    assert "login_hint=john@fabrikam.com" in texts[1]
    assert "OIDC_STEPUP = amr_values" in texts[1]
    assert texts[4] == "step-up asked by amr_values; no method registered: registration"
    assert texts[5].startswith("MFA method registered: an authenticator app code (TOTP)")
    assert texts[6] == "MFA verified with an authenticator app code (TOTP) (amr: mfa)"
    assert texts[8].endswith("amr = [pwd, mfa, otp], acr = 1")
    assert texts[10].startswith("MFA counted: amr = [pwd, mfa, otp] has mfa")
    assert texts[11].endswith("roles = Admin agent: open")
    claims = trace.claims(start + 9)
    assert claims["amr"] == '["pwd", "mfa", "otp"]'
    assert claims["upn"] == JOHN

    export, raw = trace.download_json()
    assert [step["kind"] for step in export["steps"]] == kinds
    assert [step["text"] for step in export["steps"]][start:] == texts
    token = export["steps"][start + 9]
    assert token["token"]["signature"] == "not recorded"
    assert token["details"]["id_token"]["payload"]["amr"] == ["pwd", "mfa", "otp"]
    assert DEMO_PASSWORD not in raw
    assert '"code":' not in raw  # nothing recorded under a code's name
    assert len(callback_secrets) == 4  # two sign-ins: a code and a state each
    assert not [value for value in callback_secrets if value in raw]
    assert '"state": "present"' in raw  # the request's bindings: shown as sent, never their values
    cookies = [cookie["value"] for cookie in page.context.cookies()]
    assert not [value for value in cookies if value and value in raw]

    trace.clear()
    expect(page.get_by_test_id("trace-empty")).to_be_visible()
