"""A Fabrikam user (no MFA policy) registers an authenticator app at the IdP and verifies."""

from __future__ import annotations

import pyotp
from playwright.sync_api import Page, expect

from e2e.pages.idp import (
    MfaRegistrationPage,
    MfaVerifyPage,
    SecurityInfoPage,
    SignInPage,
    qa_totp,
)


def test_fabrikam_user_registers_totp_then_verifies(page: Page, idp_url: str):
    info = SecurityInfoPage(page, idp_url).open()
    SignInPage(page).sign_in("john@fabrikam.com")
    expect(page.get_by_test_id("user-upn")).to_have_text("john@fabrikam.com")
    expect(info.session_amr).to_have_text("pwd")  # no MFA policy: password only

    info.start_registration()
    registration = MfaRegistrationPage(page)
    registration.register(pyotp.TOTP(registration.secret).now())

    MfaVerifyPage(page).verify(qa_totp(idp_url, "john@fabrikam.com"))
    expect(info.session_amr).to_have_text("pwd, mfa, otp")
    expect(page.get_by_test_id("methods")).to_contain_text("TOTP")


def test_wrong_code_at_registration_is_explained_and_registers_nothing(page: Page, idp_url: str):
    info = SecurityInfoPage(page, idp_url).open()
    SignInPage(page).sign_in("john@fabrikam.com")
    info.start_registration()
    page.get_by_test_id("mfa-register-code").fill("000000")
    page.get_by_test_id("mfa-register-submit").click()
    expect(page.get_by_test_id("mfa-error")).to_be_visible()
    info.open()
    expect(page.get_by_test_id("mfa-register-start")).to_be_visible()  # still no method
