"""Playwright against the real servers, in Debian's headless Chromium (no browser downloads).

A plugin of the top-level conftest.py, so that a Playwright test anywhere (a new area's own
``tests/test_browser.py`` too) gets these fixtures, not only the scenarios under ``e2e/``.

The portal runs on pytest-django's live server and the mock Entra ID in a child process
(``mock_idp`` and ``portal`` in the top-level conftest.py), reset before every test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.pages.idp import Idp
from e2e.pages.portal import Portal

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": CHROMIUM_ARGS}


@pytest.fixture
def idp_url(portal, mock_idp) -> str:
    """The mock Entra ID's origin, reset to its seeded state."""
    return mock_idp.url


@pytest.fixture
def idp(page, idp_url) -> Idp:
    return Idp(page, idp_url)


@pytest.fixture
def adfs(page, mock_adfs) -> Idp:
    """Wingtip AD FS's pages, reset to its seeded state. Its pages carry the same test ids as
    the mock Entra ID's for the same job, so the same page object drives both."""
    mock_adfs.reset()
    return Idp(page, mock_adfs.url)


@pytest.fixture
def pc(page, portal) -> Portal:
    """The portal, as the browser of ``page`` sees it."""
    return Portal(page, portal)


@pytest.fixture
def signed_in_as(pc, idp):
    """``signed_in_as(upn)``: the real sign-in of a persona whose tenant asks MFA at sign-in and
    who has an authenticator (the Contoso personas): the IdP's page, the password, the TOTP code
    from the QA API; returns the portal page object, on Overview (in any page language)."""

    def _signed_in_as(upn: str) -> Portal:
        pc.start_sign_in()
        idp.sign_in(upn)
        idp.verify(upn)
        expect(pc.user_upn).to_have_text(upn)
        return pc

    return _signed_in_as


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing the test if a page broke the Content-Security-Policy
    (a blocked script or style is something the user would notice)."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    yield page
    assert not violations, violations
