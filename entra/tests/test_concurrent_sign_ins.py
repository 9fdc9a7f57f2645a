"""Fifty browsers signing in at once: every one gets a code and tokens, nobody a server error.

All as John (password only): a TOTP code is good once per period, so fifty sign-ins with one
authenticator at once would be refused by design, not by load.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security]

PEOPLE = 50
UPN = "john@fabrikam.com"


def test_fifty_sign_ins_at_once_all_succeed(idp, settings):
    # allauth counts a sign-in against the failed-attempt limits until it succeeds, so fifty in
    # flight at once would hit them; this test is about load (the limits are tested elsewhere).
    settings.ACCOUNT_RATE_LIMITS = {"login": "1000/m/ip", "login_failed": "1000/m/ip"}
    barrier = threading.Barrier(PEOPLE)

    def one(_: int) -> str:
        flow = oidc_client.start(idp)
        browser = IdpBrowser(idp)
        barrier.wait()
        browser.open(flow.url)
        browser.sign_in(UPN)
        assert browser.last is None, re.findall(r'entra-error[^>]*>([^<]*)', browser.last.text)
        tokens = oidc_client.redeem(idp, flow, browser.client_redirect)
        claims = oidc_client.verify(idp, tokens["id_token"], audience=flow.session.client_id)
        return claims["upn"]

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        signed_in = list(pool.map(one, range(PEOPLE)))
    assert signed_in == [UPN] * PEOPLE
