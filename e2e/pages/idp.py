"""Page objects for the mock Entra ID. Selectors are the stable test ids of docs/qa.md."""

from __future__ import annotations

import pyotp
import requests
from playwright.sync_api import Page, expect

DEMO_PASSWORD = "Passw0rd!Demo"


class SignInPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def sign_in(self, upn: str, password: str = DEMO_PASSWORD) -> None:
        self.page.get_by_test_id("signin-email").fill(upn)
        self.page.get_by_test_id("signin-password").fill(password)
        self.page.get_by_test_id("signin-submit").click()


class MfaRegistrationPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def secret(self) -> str:
        return self.page.get_by_test_id("mfa-register-secret").inner_text().strip()

    def register(self, code: str) -> None:
        self.page.get_by_test_id("mfa-register-code").fill(code)
        self.page.get_by_test_id("mfa-register-submit").click()
        # The recovery codes page, then on to verification with the new method.
        expect(self.page.get_by_test_id("mfa-recovery-codes")).to_be_visible()
        self.page.get_by_test_id("mfa-continue").click()


class MfaVerifyPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def show_code_form(self) -> None:
        """The code form. For a user with push, Entra asks by push first: take the "use a
        verification code" link (``e2e.pages.phone.PushApprovalPage`` drives push itself)."""
        code = self.page.get_by_test_id("mfa-code")
        use_code = self.page.get_by_test_id("push-use-code")
        expect(code.or_(use_code)).to_be_visible()
        if use_code.is_visible():
            use_code.click()
        expect(code).to_be_visible()

    def verify(self, code: str) -> None:
        self.show_code_form()
        self.page.get_by_test_id("mfa-code").fill(code)
        self.page.get_by_test_id("mfa-submit").click()

    def cancel(self) -> None:
        self.page.get_by_test_id("mfa-cancel").click()


class SecurityInfoPage:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url

    def open(self) -> SecurityInfoPage:
        self.page.goto(f"{self.base_url}/")
        return self

    def start_registration(self) -> None:
        self.page.get_by_test_id("mfa-register-start").click()

    @property
    def session_amr(self):
        return self.page.get_by_test_id("session-amr")


def qa_totp(base_url: str, upn: str, *, which: str = "code") -> str:
    """A registered user's current code (or ``next_code``), read through the QA control API."""
    response = requests.get(f"{base_url}/qa/users/{upn}/totp", timeout=10)
    response.raise_for_status()
    return response.json()[which]


def qa_federation_behavior(base_url: str, domain: str, behavior: str) -> None:
    """Set a federated domain's ``federatedIdpMfaBehavior`` at the mock Entra ID."""
    response = requests.post(
        f"{base_url}/qa/domains/{domain}/federation",
        json={"federatedIdpMfaBehavior": behavior}, timeout=10,
    )
    response.raise_for_status()


def qa_third_party_integration(base_url: str, domain: str, integration: str) -> None:
    """Switch a tenant's third-party MFA: ``custom_control`` or
    ``external_authentication_method``."""
    response = requests.post(
        f"{base_url}/qa/tenants/{domain}/third-party-mfa", json={"integration": integration},
        timeout=10,
    )
    response.raise_for_status()


class Idp:
    """The mock Entra ID's pages as one user meets them during a portal journey."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.sign_in_page = SignInPage(page)
        self.registration = MfaRegistrationPage(page)
        self.verification = MfaVerifyPage(page)

    def expect_sign_in(self) -> None:
        expect(self.page.get_by_test_id("signin-email")).to_be_visible()
        assert self.page.url.startswith(self.base_url)

    def sign_in(self, upn: str) -> None:
        self.expect_sign_in()
        self.sign_in_page.sign_in(upn)

    def expect_verification(self) -> None:
        """Entra's MFA prompt, shown as the code form (past push, for a user with push)."""
        self.verification.show_code_form()
        assert self.page.url.startswith(self.base_url)

    def expect_third_party_prompt(self) -> None:
        """The tenant's own MFA product's page (journey 4), not Entra's verification."""
        expect(self.page.get_by_test_id("third-party-mfa")).to_be_visible()
        expect(self.page.get_by_test_id("mfa-register-secret")).to_have_count(0)

    def expect_registration(self) -> None:
        """The registration interrupt: the list of methods the tenant allows, the app opened
        (Entra's default); where the app is not opened, the page object chooses it."""
        expect(self.page.get_by_test_id("mfa-methods")).to_be_visible()
        secret = self.page.get_by_test_id("mfa-register-secret")
        if not secret.is_visible():
            self.page.get_by_test_id("mfa-method-MicrosoftAuthenticator").click()
        expect(secret).to_be_visible()

    def verify(self, upn: str, *, which: str = "code") -> None:
        """Type the user's current authenticator code (``next_code`` for a second use)."""
        self.expect_verification()
        self.verification.verify(qa_totp(self.base_url, upn, which=which))

    def register_authenticator(self) -> str:
        """Register TOTP with the secret shown; returns the secret (the user's new app)."""
        self.expect_registration()
        secret = self.registration.secret
        self.registration.register(pyotp.TOTP(secret).now())
        return secret
