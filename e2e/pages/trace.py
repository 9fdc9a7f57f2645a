"""Page objects for the journey trace: the side panel of every portal page and ``/trace/``."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect


class TracePanel:
    """The side panel (a ``<details>`` that folds away) showing the latest journey."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.root = page.get_by_test_id("trace-panel")

    @property
    def steps(self):
        return self.root.get_by_test_id("trace-panel-step")

    def fold(self) -> None:
        self.root.locator("summary").click()

    def open_full_trace(self) -> TracePage:
        self.root.get_by_test_id("trace-open").click()
        return TracePage(self.page)


class TracePage:
    def __init__(self, page: Page, base_url: str | None = None) -> None:
        self.page, self.base_url = page, base_url

    def open(self) -> TracePage:
        self.page.goto(f"{self.base_url}/trace/")
        expect(self.page.get_by_test_id("trace-page")).to_be_visible()
        return self

    @property
    def steps(self):
        return self.page.get_by_test_id("trace-step")

    def kinds(self) -> list[str]:
        return [step.get_attribute("data-kind") for step in self.steps.all()]

    def texts(self) -> list[str]:
        return [t.strip() for t in self.page.get_by_test_id("trace-step-text").all_inner_texts()]

    def claims(self, step_index: int) -> dict[str, str]:
        """The claims table of a token step: {claim: value as shown}."""
        rows = self.steps.nth(step_index).get_by_test_id("trace-claims").locator("tbody tr")
        return {
            row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
            for row in rows.all()
        }

    def download_json(self) -> tuple[dict, str]:
        """Click "Download JSON"; the parsed export and its raw text."""
        with self.page.expect_download() as download:
            self.page.get_by_test_id("trace-export").click()
        raw = download.value.path().read_text(encoding="utf-8")
        assert download.value.suggested_filename == "journey-trace.json"
        return json.loads(raw), raw

    def clear(self) -> None:
        self.page.get_by_test_id("trace-clear").click()
