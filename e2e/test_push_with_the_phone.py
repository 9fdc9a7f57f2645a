"""Journey 1 with the simulated phone: Alejandra approves the sign-in by push with number
matching, from the phone page in a second window; or denies it, and is not signed in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.pages.phone import Phone, PushApprovalPage

ALEJANDRA = "alejandra@contoso.com"


def test_push_approved_on_the_phone_signs_in_with_amr_rsa(page, pc, idp, idp_url):
    phone = Phone(page.context.new_page(), idp_url).open(ALEJANDRA)
    expect(phone.totp_code).to_have_text(re.compile(r"^\d{6}$"))
    phone.expect_no_requests()

    pc.start_sign_in()
    idp.sign_in(ALEJANDRA)
    push = PushApprovalPage(page)
    number = push.number

    phone.expect_request(ALEJANDRA)  # arrives by itself: the phone polls
    phone.approve(number)

    # The IdP page notices the approval by itself and the sign-in goes on to the portal.
    pc.expect_area("overview")
    expect(pc.user_upn).to_have_text(ALEJANDRA)
    expect(pc.session_amr).to_contain_text("rsa")
    expect(pc.session_amr).to_contain_text("mfa")
    phone.expect_no_requests()


def test_push_denied_on_the_phone_leaves_the_user_signed_out(page, pc, idp, idp_url):
    phone = Phone(page.context.new_page(), idp_url).open(ALEJANDRA)
    pc.start_sign_in()
    idp.sign_in(ALEJANDRA)
    push = PushApprovalPage(page)
    push.expect_shown()

    phone.expect_request(ALEJANDRA)
    phone.deny()

    push.expect_denied()
    assert page.url.startswith(idp_url)
    pc.open("/")
    expect(pc.page.get_by_test_id("signin-start")).to_be_visible()  # not signed in
    expect(pc.page.get_by_test_id("session-mfa")).to_have_count(0)
