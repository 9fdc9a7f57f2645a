"""Page objects for the mock Entra ID. Selectors are the stable test ids of docs/qa.md."""

from __future__ import annotations

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

    def verify(self, code: str) -> None:
        self.page.get_by_test_id("mfa-code").fill(code)
        self.page.get_by_test_id("mfa-submit").click()


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


def qa_totp(base_url: str, upn: str) -> str:
    """The current code of a registered user, read through the IdP's QA control API."""
    response = requests.get(f"{base_url}/qa/users/{upn}/totp", timeout=10)
    response.raise_for_status()
    return response.json()["code"]
