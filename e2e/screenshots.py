"""The README's screenshots, in Korean and English: ``make screenshots``.

Not part of the suite (its name does not start with ``test_``); ``make screenshots`` names this
file to pytest, which then uses the e2e fixtures: the portal on pytest-django's live server, the
mock Entra ID in a child process, Debian's headless Chromium (with the Noto CJK font of
``make chromium``, so Korean is drawn with glyphs). Every shot is taken after the journey has
really happened, so a picture never shows a page that the code no longer produces.

The files go to ``docs/screenshots/<language>/<name>.png`` (``SCREENSHOTS_DIR`` overrides).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.pages.admin_center import AdminCenter
from e2e.pages.idp import Idp
from e2e.pages.launcher import Launcher
from e2e.pages.phone import Phone, PushApprovalPage
from e2e.pages.portal import Portal
from e2e.pages.trace import TracePage

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "docs" / "screenshots"))
LANGUAGES = ("ko", "en")
VIEWPORT = {"width": 1200, "height": 760}

ALEJANDRA = "alejandra@contoso.com"
JOHN = "john@fabrikam.com"
TRENT = "trent@wingtiptoys.com"
SALES_AGENT = "sales.agent@contoso.com"
ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"


@pytest.fixture(params=LANGUAGES)
def language(request) -> str:
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, language):
    # Accept-Language picks the language at every origin (docs/qa.md, pinning the language).
    return {**browser_context_args, "locale": f"{language}-KR" if language == "ko" else "en-US",
            "viewport": VIEWPORT}


@pytest.fixture
def shoot(page: Page, language: str) -> Callable[[str], None]:
    def _shoot(name: str) -> None:
        target = OUT / language / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(target))

    return _shoot


def test_launcher(page, portal, shoot):
    Launcher(page, portal).open()
    shoot("launcher")


def test_journey1_push_with_the_phone(page, pc: Portal, idp: Idp, idp_url, language, shoot):
    phone_page = page.context.new_page()
    phone_page.set_viewport_size({"width": 400, "height": 760})  # a phone-sized second window
    phone = Phone(phone_page, idp_url).open(ALEJANDRA)
    pc.start_sign_in()
    idp.expect_sign_in()
    shoot("idp-sign-in")
    idp.sign_in_page.sign_in(ALEJANDRA)
    push = PushApprovalPage(page)
    number = push.number
    shoot("idp-push")
    phone.expect_request(ALEJANDRA)
    phone.request.get_by_test_id("push-request-number").fill(number)
    phone_page.screenshot(path=str(OUT / language / "phone.png"))
    phone.approve(number)
    expect(pc.user_upn).to_have_text(ALEJANDRA)
    shoot("overview-mfa-done")


def test_journey3_registration_at_the_first_protected_page(pc: Portal, idp: Idp, shoot):
    pc.open_area("overview")
    idp.sign_in(JOHN)
    expect(pc.user_upn).to_have_text(JOHN)
    pc.click_area("billing")
    idp.expect_registration()
    shoot("idp-register")
    idp.register_authenticator()
    idp.verify(JOHN)
    expect(pc.title).to_be_visible()  # Billing, in either language
    TracePage(pc.page, pc.base_url).open()
    shoot("trace")


def test_journey4_blocked(pc: Portal, idp: Idp, shoot):
    pc.open_area("overview")
    idp.sign_in(TRENT)
    idp.expect_third_party_prompt()
    idp.verify(TRENT)
    pc.open_area("billing")
    expect(pc.mfa_blocked).to_be_visible()
    shoot("mfa-blocked")


def test_role_matrix_and_refusal(signed_in_as, shoot):
    pc = signed_in_as(SALES_AGENT)
    pc.open("/dashboard/access")
    shoot("access-matrix")
    pc.open_area("billing")
    expect(pc.access_denied).to_be_visible()
    shoot("access-denied")


def test_service_management_in_adatum(page, idp: Idp, idp_url, shoot):
    # Common issue 1 / example 2's end: John registers when Adatum asks, then adds a user.
    admin_center = AdminCenter(page, idp_url, ADATUM).open("users/")
    idp.sign_in(JOHN)
    idp.register_authenticator()
    idp.verify(JOHN)
    admin_center.expect_users_page()
    admin_center.add_user("Dana Lee", "dana.lee@adatum.com")
    shoot("admin-center-user-added")
