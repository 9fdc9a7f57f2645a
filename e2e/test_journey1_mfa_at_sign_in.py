"""Journey 1: Alejandra @ Contoso. The tenant asks MFA at every sign-in, so the protected areas
then open with no second prompt."""

from __future__ import annotations

from playwright.sync_api import expect

ALEJANDRA = "alejandra@contoso.com"
PROTECTED = ("customers", "support", "billing", "security")


def test_mfa_at_sign_in_then_no_prompt_on_protected_pages(page, pc, idp):
    pc.start_sign_in()
    idp.sign_in(ALEJANDRA)
    idp.verify(ALEJANDRA)  # MFA at sign-in: Contoso's policy

    pc.expect_area("overview")
    expect(pc.user_upn).to_have_text(ALEJANDRA)
    expect(pc.session_amr).to_contain_text("mfa")

    idp_visits = []
    page.on("request", lambda r: r.is_navigation_request() and r.url.startswith(idp.base_url)
            and idp_visits.append(r.url))
    for area in PROTECTED:
        pc.click_area(area)
        pc.expect_area(area)
    assert idp_visits == []  # no step-up, no second prompt


def test_unauthenticated_visit_returns_to_the_page_asked_for(pc, idp):
    pc.open_area("billing")
    idp.sign_in(ALEJANDRA)
    idp.verify(ALEJANDRA)
    pc.expect_area("billing")


def test_sign_out_ends_the_session(pc, idp):
    pc.open_area("overview")
    idp.sign_in(ALEJANDRA)
    idp.verify(ALEJANDRA)
    pc.expect_area("overview")
    pc.sign_out()
    expect(pc.page.get_by_test_id("signin-start")).to_be_visible()
    pc.open_area("overview")
    idp.expect_sign_in()  # the IdP session ended too: the password is asked again
