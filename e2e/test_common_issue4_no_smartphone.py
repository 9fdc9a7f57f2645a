"""Common issue 4: a partner agent without a smartphone. John @ Fabrikam (journey 3) is asked
to register at the first protected page, chooses SMS from the list of methods Fabrikam allows,
reads the code on his simulated phone in a second window, verifies, and Billing opens with
``sms`` in the token's amr."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.methods import MethodList, PhoneInbox, PhoneRegistrationPage, PhoneVerificationPage

JOHN = "john@fabrikam.com"


def test_john_registers_sms_and_billing_opens_with_amr_sms(page, pc, idp, idp_url):
    pc.open_area("overview")
    idp.sign_in(JOHN)
    pc.expect_area("overview")
    expect(pc.session_amr).to_have_text("pwd")

    pc.click_area("billing")
    methods = MethodList(page)
    expect(methods.method("HardwareOath")).to_be_visible()  # the alternatives Fabrikam allows
    methods.choose("Sms")
    PhoneRegistrationPage(page).register("+1 425 555 0100")

    verification = PhoneVerificationPage(page)
    verification.send("sms")
    phone = PhoneInbox(page.context.new_page(), idp_url).open(JOHN)
    verification.verify(phone.latest_code("sms"))

    pc.expect_area("billing")
    pc.open_area("overview")
    expect(pc.session_amr).to_have_text("pwd, mfa, sms")
