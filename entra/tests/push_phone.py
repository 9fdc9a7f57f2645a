"""The user's phone in the IdP's protocol tests: the simulated phone page, driven over HTTP."""

from __future__ import annotations

import re

from entra.tests.browserless import IdpBrowser

NUMBER_RE = re.compile(r'data-testid="push-number"[^>]*>(\d+)<')
CHALLENGE_RE = re.compile(r'name="challenge" value="([^"]+)"')


def shown_number(browser: IdpBrowser) -> int:
    """The number the IdP's push page shows (what the user reads off the screen)."""
    assert browser.last is not None
    return int(NUMBER_RE.search(browser.last.text).group(1))


def shown_challenge(browser: IdpBrowser) -> str:
    assert browser.last is not None
    return CHALLENGE_RE.search(browser.last.text).group(1)


def answer_on_phone(idp: str, upn: str, *, number: int | None = None, deny: bool = False):
    """Open the phone page in a browser of its own and approve (typing ``number``) or deny the
    newest pending request; returns the phone's response."""
    phone = IdpBrowser(idp)
    phone.open(f"/phone/{upn}/")
    state = phone.session.get(f"{idp}/phone/{upn}/state", timeout=10).json()
    request = state["requests"][0]
    if deny:
        return phone.submit({}, action=request["deny_url"])
    return phone.submit({"number": str(number)}, action=request["approve_url"])


def continue_after_phone(browser: IdpBrowser) -> None:
    """What the waiting page's script (or its button) does once the phone has answered."""
    browser.submit({"push_action": "continue", "challenge": shown_challenge(browser)}
                   | _next(browser))


def _next(browser: IdpBrowser) -> dict[str, str]:
    import html

    found = re.search(r'name="next" value="([^"]*)"', browser.last.text)
    return {"next": html.unescape(found.group(1))} if found else {}
