"""Fifty browsers signing in at once from one address (a training class behind one NAT address):
every one gets a code and tokens, nobody a server error, nobody "too many attempts".

The rate limits stay as configured: they count failures, and none of these sign-ins fails.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from entra import services
from entra.models import Tenant
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security]

PEOPLE = 50
UPN = "john@fabrikam.com"


def _sign_in_at_once(idp: str, upns: list[str], *, mfa: bool) -> list[str]:
    barrier = threading.Barrier(len(upns))

    def one(upn: str) -> str:
        flow = oidc_client.start(idp)
        browser = IdpBrowser(idp)
        code = browser.totp(upn) if mfa else None
        barrier.wait()
        browser.open(flow.url)
        browser.sign_in(upn)
        if mfa:
            assert browser.last is not None
            assert "mfa-error" not in browser.last.text
            browser.enter_code(code)
        assert browser.last is None, re.findall(r"entra-error[^>]*>([^<]*)", browser.last.text)
        tokens = oidc_client.redeem(idp, flow, browser.client_redirect)
        claims = oidc_client.verify(idp, tokens["id_token"], audience=flow.session.client_id)
        return claims["upn"]

    with ThreadPoolExecutor(max_workers=len(upns)) as pool:
        return list(pool.map(one, upns))


def test_fifty_sign_ins_of_one_user_at_once_all_succeed(idp):
    # All as John (password only): a TOTP code is good once, so fifty sign-ins with one
    # authenticator at once would be refused by design, not by load.
    assert _sign_in_at_once(idp, [UPN] * PEOPLE, mfa=False) == [UPN] * PEOPLE


def test_fifty_people_sign_in_with_mfa_from_one_address_at_once(idp):
    contoso = Tenant.objects.get(domain="contoso.com")  # MFA at every sign-in
    upns = [f"student{n}@contoso.com" for n in range(PEOPLE)]
    for upn in upns:
        user = services.user_upsert(
            upn=upn, tenant=contoso, password="Passw0rd!Demo", given_name="Student",
            family_name=upn.split("@")[0],
        )
        services.totp_register(user=user, secret=services.demo_totp_secret(upn))
    assert _sign_in_at_once(idp, upns, mfa=True) == upns
