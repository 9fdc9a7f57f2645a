"""Page objects for the component gallery (``/dev/components``, demo mode only): each building
block of the portal's pages, its live preview and the template code that makes it. Test ids:
docs/qa.md."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

PATH = "/dev/components"


class GalleryComponent:
    """One entry: ``component-<key>`` and its title, preview and snippet."""

    def __init__(self, page: Page, key: str) -> None:
        self.key = key
        self.root = page.get_by_test_id(f"component-{key}")
        self.title = page.get_by_test_id(f"component-{key}-title")
        self.preview = page.get_by_test_id(f"component-{key}-preview")
        self.snippet = page.get_by_test_id(f"component-{key}-snippet")

    def expect_rendered(self) -> None:
        """Shown with a preview that holds something and with its template code."""
        expect(self.root).to_be_visible()
        expect(self.preview).to_be_visible()
        expect(self.preview).not_to_be_empty()
        expect(self.snippet).to_be_visible()
        expect(self.snippet).to_contain_text("{%")


class Gallery:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.root = page.get_by_test_id("component-gallery")

    def open(self) -> Gallery:
        self.page.goto(f"{self.base_url}{PATH}")
        expect(self.root).to_be_visible()
        return self

    @property
    def title(self) -> Locator:
        # The gallery's own heading; the page header's preview has an area-title of its own.
        return self.root.locator(":scope > [data-testid=area-title]")

    @property
    def components(self) -> Locator:
        return self.root.locator("section[data-testid^='component-']")

    def component(self, key: str) -> GalleryComponent:
        return GalleryComponent(self.page, key)

    def switch_language(self, code: str) -> None:
        """The footer's language switch; it comes back to the gallery."""
        self.page.get_by_test_id(f"language-{code}").click()
        expect(self.page.locator("html")).to_have_attribute("lang", code)
        expect(self.root).to_be_visible()
