"""The component gallery (issue 13): every building block of the portal's pages rendered, with
its template code, in English and, after the footer's language switch, in Korean."""

from __future__ import annotations

from django.utils import translation
from playwright.sync_api import expect

from e2e.pages.gallery import Gallery
from e2e.pages.launcher import Launcher
from portal.components import CATALOGUE


def test_every_component_renders_in_english_then_in_korean(page, portal):
    gallery = Gallery(page, portal).open()
    expect(gallery.title).to_have_text("Component gallery")
    expect(gallery.components).to_have_count(len(CATALOGUE))
    snippets = {}
    for entry in CATALOGUE:
        shown = gallery.component(entry.key)
        shown.expect_rendered()
        expect(shown.title).to_have_text(str(entry.title))
        snippets[entry.key] = shown.snippet.inner_text()
    expect(gallery.component("mfa-badge").preview).to_contain_text("MFA done")
    expect(gallery.component("access-denied").preview).to_contain_text("Roles that may open it:")
    expect(gallery.component("form").preview.get_by_test_id("example-form-errors")).to_be_visible()

    gallery.switch_language("ko")
    expect(gallery.title).to_have_text("컴포넌트 갤러리")
    expect(gallery.component("access-denied").title).to_have_text("403 설명")
    expect(gallery.component("mfa-badge").preview).to_contain_text("MFA 완료")
    expect(gallery.component("access-denied").preview).to_contain_text("액세스할 수 있는 역할:")
    with translation.override("ko"):
        for entry in CATALOGUE:
            shown = gallery.component(entry.key)
            shown.expect_rendered()
            expect(shown.title).to_have_text(str(entry.title))
            # The code is the same in every language; only what it renders is translated.
            assert shown.snippet.inner_text() == snippets[entry.key], entry.key


def test_the_launcher_links_to_the_gallery(page, portal):
    Launcher(page, portal).open()
    page.get_by_test_id("gallery-link").click()
    expect(Gallery(page, portal).title).to_have_text("Component gallery")
