"""Passkeys and security keys (WebAuthn) at the mock Entra ID, with Chromium's virtual
authenticator as the user's device: registered in journey 3's registration interrupt, then used
for MFA in a later browser session, and at sign-in where the tenant asks MFA at every sign-in.
The token's amr says how: pwd, mfa, fido."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.idp import Idp, SecurityInfoPage
from e2e.pages.passkey import Passkeys, VirtualAuthenticator
from e2e.pages.portal import Portal

JOHN = "john@fabrikam.com"
ALEJANDRA = "alejandra@contoso.com"


def test_passkey_registered_at_the_interrupt_then_used_in_a_new_session(
    browser, page, pc, idp, portal, idp_url
):
    device = VirtualAuthenticator(page)
    passkeys = Passkeys(page, idp_url)

    # First browser session: password only, then the first protected page's interrupt, where
    # John chooses a passkey instead of the authenticator app.
    pc.open_area("overview")
    idp.sign_in(JOHN)
    pc.click_area("customers")
    idp.expect_registration()
    passkeys.register_in_interrupt()
    passkeys.verify()  # verification with the new passkey, straight to its prompt
    pc.expect_area("customers")
    pc.open_area("overview")
    expect(pc.session_amr).to_have_text("pwd, mfa, fido")
    (credential,) = device.credentials()

    # A new browser session later, on a device holding the same passkey: password-only sign-in,
    # then the protected page asks for verification with the passkey, never registration.
    context = browser.new_context()
    try:
        later = context.new_page()
        VirtualAuthenticator(later).add_credential(credential)
        pc2, idp2, passkeys2 = Portal(later, portal), Idp(later, idp_url), Passkeys(later, idp_url)
        pc2.open_area("overview")
        idp2.sign_in(JOHN)
        expect(pc2.session_amr).to_have_text("pwd")
        pc2.click_area("billing")
        passkeys2.expect_prompt()
        expect(later.get_by_test_id("mfa-register-secret")).to_have_count(0)
        passkeys2.verify()
        pc2.expect_area("billing")
        pc2.open_area("overview")
        expect(pc2.session_amr).to_have_text("pwd, mfa, fido")
    finally:
        context.close()


def test_a_device_without_the_passkey_is_told_and_can_use_a_recovery_code(
    browser, page, pc, idp, portal, idp_url
):
    VirtualAuthenticator(page)
    pc.open_area("overview")
    idp.sign_in(JOHN)
    pc.click_area("security")
    recovery_codes = Passkeys(page, idp_url).register_in_interrupt()

    context = browser.new_context()
    try:
        later = context.new_page()
        VirtualAuthenticator(later)  # an empty device: the passkey is not on it
        pc2, idp2, passkeys2 = Portal(later, portal), Idp(later, idp_url), Passkeys(later, idp_url)
        pc2.open_area("overview")
        idp2.sign_in(JOHN)
        pc2.click_area("security")
        passkeys2.verify()
        expect(passkeys2.error).to_be_visible()  # no key answered: said so, still on the page
        later.get_by_test_id("mfa-use-code").click()
        idp2.expect_verification()
        idp2.verification.verify(recovery_codes[0])
        pc2.expect_area("security")
        pc2.open_area("overview")
        expect(pc2.session_amr).to_have_text("pwd, mfa, otp")
    finally:
        context.close()


def test_passkey_added_at_security_info_answers_mfa_at_sign_in(
    browser, page, signed_in_as, idp_url, portal
):
    device = VirtualAuthenticator(page)
    signed_in_as(ALEJANDRA)  # Contoso asks MFA at every sign-in: the authenticator code
    security_info = SecurityInfoPage(page, idp_url).open()
    page.get_by_test_id("passkey-add-start").click()
    Passkeys(page, idp_url).create("Alejandra's laptop")
    expect(page.get_by_test_id("passkey-name")).to_have_text("Alejandra's laptop")
    (credential,) = device.credentials()

    context = browser.new_context()
    try:
        later = context.new_page()
        VirtualAuthenticator(later).add_credential(credential)
        pc2, idp2 = Portal(later, portal), Idp(later, idp_url)
        pc2.start_sign_in()
        idp2.sign_in(ALEJANDRA)
        # The sign-in's MFA: Microsoft Authenticator's push comes first for her; she signs in
        # another way, with the passkey.
        later.get_by_test_id("push-use-code").click()
        Passkeys(later, idp_url).verify()
        expect(pc2.user_upn).to_have_text(ALEJANDRA)
        expect(pc2.session_amr).to_have_text("pwd, mfa, fido")
    finally:
        context.close()

    # Removed at security info, the passkey is gone from the list.
    security_info.open()
    page.get_by_test_id("passkey-remove").click()
    expect(page.get_by_test_id("passkey")).to_have_count(0)
