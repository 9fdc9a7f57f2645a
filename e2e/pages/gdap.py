"""Page objects for the partner's GDAP page at the mock Entra ID (``/manage/partner/
relationships/``): Partner Center's admin relationships of the signed-in agent's tenant."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


class PartnerRelationships:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url

    def open(self) -> PartnerRelationships:
        self.page.goto(f"{self.base_url}/manage/partner/relationships/")
        return self

    def expect_page(self) -> None:
        expect(self.page.get_by_test_id("partner-relationships")).to_be_visible()

    def row(self, display_name: str) -> Locator:
        return self.page.get_by_test_id("partner-relationships").locator("tbody tr").filter(
            has=self.page.get_by_test_id("partner-relationship-name").get_by_text(
                display_name, exact=True
            )
        )

    def status(self, display_name: str) -> Locator:
        return self.row(display_name).get_by_test_id("partner-relationship-status")

    def request(
        self, *, customer_id: str, display_name: str, role_ids: list[str], days: int
    ) -> str:
        """Requests a relationship; returns the approval link the page shows."""
        self.page.get_by_test_id("gdap-request-customer").select_option(customer_id)
        self.page.get_by_test_id("gdap-request-name").fill(display_name)
        for role_id in role_ids:
            self.page.get_by_test_id(f"gdap-request-role-{role_id}").check()
        self.page.get_by_test_id("gdap-request-duration").fill(str(days))
        self.page.get_by_test_id("gdap-request-submit").click()
        link = self.page.get_by_test_id("gdap-approval-link")
        expect(link).to_be_visible()
        return link.get_attribute("href") or ""

    def terminate(self, display_name: str) -> None:
        self.row(display_name).get_by_test_id("partner-relationship-terminate").click()
        expect(self.status(display_name)).to_have_text("terminated")

    def assign(self, display_name: str, *, group: str, role_ids: list[str]) -> None:
        row = self.row(display_name)
        row.get_by_test_id("assignment-group").select_option(label=group)
        for role_id in role_ids:
            row.get_by_test_id(f"assignment-role-{role_id}").check()
        row.get_by_test_id("assignment-submit").click()
        expect(self.row(display_name).get_by_test_id("partner-relationship-assignments")
               ).to_contain_text(group)


class CustomerRelationships:
    """The customer's admin approving a pending relationship (``/manage/<tid>/relationships/``)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def row(self, display_name: str) -> Locator:
        return self.page.get_by_test_id("relationships").locator("tbody tr").filter(
            has=self.page.get_by_text(display_name, exact=True)
        )

    def approve(self, display_name: str) -> None:
        self.row(display_name).get_by_test_id("relationship-approve").click()
        expect(self.row(display_name).get_by_test_id("relationship-status")).to_have_text("active")
