"""Page object for the portal's scenario launcher (/launcher/). Test ids: docs/qa.md."""

from __future__ import annotations

from playwright.sync_api import Page, expect


class Launcher:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url

    def open(self) -> Launcher:
        self.page.goto(f"{self.base_url}/launcher/")
        expect(self.page.get_by_test_id("launcher")).to_be_visible()
        return self

    def start(self, scenario_id: str) -> None:
        """Reset the scenario's persona and go to a fresh sign-in as it (the IdP's page)."""
        self.page.get_by_test_id(f"scenario-start-{scenario_id}").click()

    def reset_demo(self) -> None:
        self.page.get_by_test_id("demo-reset").click()
        expect(self.page.get_by_test_id("demo-reset-done")).to_be_visible()
