"""Page objects for common issue 4 (no smartphone) at the mock Entra ID: the registration's
method list, the phone registration, "Text me a code" / "Call me", the codes arriving on the
simulated phone, and the hardware token's display. Selectors are docs/qa.md's test ids."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


class MethodList:
    """The registration interrupt (and security info's "Add sign-in method"): the methods the
    tenant allows, as a list."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def expect_shown(self) -> None:
        expect(self.page.get_by_test_id("mfa-methods")).to_be_visible()

    def method(self, key: str):
        """``MicrosoftAuthenticator``, ``Fido2``, ``HardwareOath``, ``Sms`` or ``Voice``."""
        return self.page.get_by_test_id(f"mfa-method-{key}")

    def choose(self, key: str) -> None:
        self.expect_shown()
        self.method(key).click()


class PhoneRegistrationPage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def register(self, number: str, *, delivery: str = "sms") -> None:
        """Register the number, keep the recovery codes, continue to verification."""
        self.page.get_by_test_id("phone-register-number").fill(number)
        self.page.get_by_test_id(f"phone-register-{delivery}").check()
        self.page.get_by_test_id("phone-register-submit").click()
        expect(self.page.get_by_test_id("mfa-recovery-codes")).to_be_visible()
        self.page.get_by_test_id("mfa-continue").click()


class PhoneVerificationPage:
    """"Text me a code" / "Call me", then the code from the phone."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def send(self, delivery: str = "sms") -> None:
        self.page.get_by_test_id(f"phone-send-{delivery}").click()
        expect(self.page.get_by_test_id("phone-code-sent")).to_be_visible()

    def verify(self, code: str) -> None:
        self.page.get_by_test_id("phone-code").fill(code)
        self.page.get_by_test_id("phone-code-submit").click()


class PhoneInbox:
    """The texts and calls on the simulated phone (``/phone/<upn>/``), in a page of its own."""

    def __init__(self, page: Page, idp_url: str) -> None:
        self.page, self.idp_url = page, idp_url

    def open(self, upn: str) -> PhoneInbox:
        self.page.goto(f"{self.idp_url}/phone/{upn}/")
        expect(self.page.get_by_test_id("phone-inbox")).to_be_visible()
        return self

    def latest_code(self, delivery: str = "sms") -> str:
        """The newest code received (the page polls: it arrives by itself)."""
        message = self.page.get_by_test_id(f"phone-inbox-{delivery}").first
        expect(message).to_be_visible()
        code = message.get_by_test_id("phone-inbox-code")
        expect(code).to_have_text(re.compile(r"^\d{6}$"))
        return code.inner_text().strip()
