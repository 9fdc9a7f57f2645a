"""Page objects for the customer's admin center at the mock Entra ID (``/manage/<tid>/``)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


class AdminCenter:
    def __init__(self, page: Page, base_url: str, tenant_id: str) -> None:
        self.page, self.base_url, self.tenant_id = page, base_url, tenant_id

    def open(self, section: str = "") -> AdminCenter:
        self.page.goto(f"{self.base_url}/manage/{self.tenant_id}/{section}")
        return self

    def expect_users_page(self) -> None:
        expect(self.page.get_by_test_id("directory-users")).to_be_visible()
        expect(self.page.get_by_test_id("admin-center-tenant")).to_contain_text(self.tenant_id)

    def add_user(self, display_name: str, upn: str) -> tuple[str, str]:
        """Adds a user; returns the UPN and one-time password the page shows."""
        self.page.get_by_test_id("add-user-display-name").fill(display_name)
        self.page.get_by_test_id("add-user-upn").fill(upn)
        self.page.get_by_test_id("add-user-submit").click()
        new_upn = self.page.get_by_test_id("new-user-upn")
        expect(new_upn).to_be_visible()
        return new_upn.inner_text().strip(), self.new_user_password.inner_text().strip()

    @property
    def new_user_password(self) -> Locator:
        return self.page.get_by_test_id("new-user-password")

    @property
    def refusal(self) -> Locator:
        return self.page.get_by_test_id("admin-center-refused")

    @property
    def refusal_reason(self) -> Locator:
        return self.page.get_by_test_id("refused-reason")

    def audit_entries(self) -> Locator:
        self.open("audit/")
        return self.page.get_by_test_id("audit-entry")

    def whoami(self, claim: str) -> Locator:
        return self.page.get_by_test_id(f"whoami-{claim}")
