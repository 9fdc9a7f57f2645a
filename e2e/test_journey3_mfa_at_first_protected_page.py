"""Journey 3: John @ Fabrikam. No MFA policy: sign-in is password only; the first protected page
asks him to register MFA, then verify. A later browser session asks verification only."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.idp import Idp
from e2e.pages.portal import Portal

JOHN = "john@fabrikam.com"


def test_register_then_verify_and_later_verify_only(browser, pc, idp, portal, idp_url):
    # First browser session: password only, then step-up at the first protected page.
    pc.open_area("overview")
    idp.sign_in(JOHN)
    pc.expect_area("overview")
    expect(pc.session_amr).to_have_text("pwd")

    pc.click_area("customers")
    idp.register_authenticator()  # registration first...
    idp.verify(JOHN)  # ...then verification with the new method
    pc.expect_area("customers")
    pc.open_area("overview")
    expect(pc.session_amr).to_contain_text("mfa")
    pc.click_area("support")
    pc.expect_area("support")  # no second prompt within the session

    # A new browser session later: password-only sign-in, then verification only.
    context = browser.new_context()
    try:
        later = context.new_page()
        pc2, idp2 = Portal(later, portal), Idp(later, idp_url)
        pc2.open_area("overview")
        idp2.sign_in(JOHN)
        pc2.expect_area("overview")
        expect(pc2.session_amr).to_have_text("pwd")

        pc2.click_area("billing")
        idp2.expect_verification()
        expect(later.get_by_test_id("mfa-register-secret")).to_have_count(0)
        idp2.verify(JOHN, which="next_code")  # the current code was used in session one
        pc2.expect_area("billing")
    finally:
        context.close()


def test_cancelled_step_up_keeps_the_session_and_offers_a_retry(pc, idp):
    pc.open_area("overview")
    idp.sign_in(JOHN)
    pc.click_area("security")
    idp.expect_registration()
    idp.page.get_by_test_id("mfa-cancel").click()

    expect(pc.title).to_have_text("Security workspace")
    expect(pc.stepup_retry).to_be_visible()
    expect(pc.user_upn).to_have_text(JOHN)  # still signed in
    pc.click_area("servicehealth")
    pc.expect_area("servicehealth")

    pc.open_area("security")  # the protected page asks again
    idp.expect_registration()
