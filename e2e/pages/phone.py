"""Page objects for push verification: the mock Entra ID's "Approve sign-in request" page and
the simulated phone (``/phone/<upn>/``) that answers it. Selectors are docs/qa.md's test ids."""

from __future__ import annotations

from playwright.sync_api import Page, expect


class PushApprovalPage:
    """The IdP's page waiting for the phone: shows the number to type on the phone."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def expect_shown(self) -> None:
        expect(self.page.get_by_test_id("push-approval")).to_be_visible()

    @property
    def number(self) -> str:
        self.expect_shown()
        return self.page.get_by_test_id("push-number").inner_text().strip()

    def expect_denied(self) -> None:
        """Entra's failure page; the sign-in is unfinished and the client still waiting."""
        expect(self.page.get_by_test_id("push-denied")).to_be_visible()

    def expect_timed_out(self) -> None:
        expect(self.page.get_by_test_id("push-timeout")).to_be_visible()

    def send_another_request(self) -> None:
        self.page.get_by_test_id("push-resend").click()

    def use_a_code_instead(self) -> None:
        self.page.get_by_test_id("push-use-code").click()

    def cancel(self) -> None:
        self.page.get_by_test_id("mfa-cancel").click()


class Phone:
    """The simulated phone of one user, in a page (a second window) of its own."""

    def __init__(self, page: Page, idp_url: str) -> None:
        self.page, self.idp_url = page, idp_url

    def open(self, upn: str) -> Phone:
        self.page.goto(f"{self.idp_url}/phone/{upn}/")
        expect(self.page.get_by_test_id("phone")).to_be_visible()
        return self

    @property
    def request(self):
        """The newest pending push request (the page polls; it appears by itself)."""
        return self.page.get_by_test_id("push-request").first

    def expect_request(self, upn: str) -> None:
        expect(self.request).to_be_visible()
        expect(self.request.get_by_test_id("push-request-upn")).to_have_text(upn)

    def approve(self, number: str) -> None:
        self.request.get_by_test_id("push-request-number").fill(number)
        self.request.get_by_test_id("push-approve").click()
        expect(self.page.get_by_test_id("phone-message")).to_be_visible()

    def deny(self) -> None:
        self.request.get_by_test_id("push-deny").click()
        expect(self.page.get_by_test_id("phone-message")).to_be_visible()

    @property
    def totp_code(self):
        return self.page.get_by_test_id("phone-totp-code").first

    def expect_no_requests(self) -> None:
        expect(self.page.get_by_test_id("push-request")).to_have_count(0)
