"""The scenario launcher: a journey started from its card, and "Reset the demo" signing a
signed-in browser out."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.idp import Idp
from e2e.pages.launcher import Launcher
from e2e.pages.portal import Portal

ALEJANDRA = "alejandra@contoso.com"
JOHN = "john@fabrikam.com"


def test_start_journey1_from_the_launcher(page, pc, idp, portal):
    # Another persona is signed in (portal and IdP): Start must still sign in as Alejandra.
    pc.start_sign_in()
    idp.sign_in(JOHN)
    expect(pc.user_upn).to_have_text(JOHN)

    Launcher(page, portal).open().start("journey1")
    idp.sign_in(ALEJANDRA)  # a fresh sign-in: the IdP's sign-in page, not John's session
    idp.verify(ALEJANDRA)  # journey 1: MFA at sign-in
    expect(pc.user_upn).to_have_text(ALEJANDRA)
    pc.click_area("customers")
    pc.expect_area("customers")  # no second prompt


def test_reset_the_demo_signs_a_signed_in_browser_out(page, pc, idp, browser, portal, idp_url):
    pc.start_sign_in()
    idp.sign_in(ALEJANDRA)
    idp.verify(ALEJANDRA)
    pc.expect_area("overview")

    trainer = browser.new_context()  # the trainer's own window
    try:
        Launcher(trainer.new_page(), portal).open().reset_demo()
    finally:
        trainer.close()

    pc.open_area("overview")
    Idp(page, idp_url).expect_sign_in()  # portal and IdP sessions both ended
    expect(Portal(page, portal).user_upn).to_have_count(0)
