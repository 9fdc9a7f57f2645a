"""Wingtip AD FS counts sign-in failures as the mock Entra ID does (``config.idpkit``): five
wrong passwords lock that user out, nobody else; many correct sign-ins at once all succeed, and
its client's secret is checked without the password hasher."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.idp.oidc.models import Client
from django.conf import settings

from adfs import services
from adfs.tests import oidc_client
from adfs.tests.browserless import PASSWORD, AdfsBrowser
from config.idpkit.hashers import ClientSecretHasher

pytestmark = pytest.mark.django_db(transaction=True)

PRASHOB = "prashob@wingtip.com"
ALEX = "alex@wingtip.com"  # exempt from MFA: password only, so sign-ins can run at once
WRONG = "not-the-password"


@pytest.fixture
def alex(adfs) -> str:
    services.user_upsert(
        upn=ALEX, password=PASSWORD, given_name="Alex", family_name="Wilber",
        skip_mfa=True,
    )
    return ALEX


def _sign_in(adfs: str, upn: str, password: str = PASSWORD) -> AdfsBrowser:
    browser = AdfsBrowser(adfs)
    browser.open(oidc_client.start(adfs).url)
    browser.sign_in(upn, password)
    return browser


def _outcome(browser: AdfsBrowser) -> str:
    if browser.client_redirect:
        return "signed in"
    if "Too many" in browser.last.text:
        return "locked"
    if browser.has("signin-error"):
        return "wrong password"
    return "mfa asked" if browser.has("mfa-code") else "?"


@pytest.mark.security
def test_five_wrong_passwords_lock_that_user_and_nobody_else(adfs, alex):
    for _ in range(5):
        assert _outcome(_sign_in(adfs, PRASHOB, WRONG)) == "wrong password"
    assert _outcome(_sign_in(adfs, PRASHOB)) == "locked"  # the sixth, with the right password
    assert _outcome(_sign_in(adfs, alex)) == "signed in"


@pytest.mark.security
def test_wrong_passwords_sent_at_once_buy_no_more_guesses(adfs):
    browsers = [AdfsBrowser(adfs) for _ in range(10)]
    for browser in browsers:
        browser.open(oidc_client.start(adfs).url)
    barrier = threading.Barrier(len(browsers))

    def guess(browser: AdfsBrowser) -> str:
        barrier.wait()
        browser.sign_in(PRASHOB, WRONG)
        return _outcome(browser)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        assert Counter(pool.map(guess, browsers)) == {"wrong password": 5, "locked": 5}


def test_thirty_sign_ins_of_one_user_at_once_all_succeed(adfs, alex):
    people = 30
    barrier = threading.Barrier(people)

    def one(_: int) -> str:
        flow = oidc_client.start(adfs)
        browser = AdfsBrowser(adfs)
        barrier.wait()
        browser.open(flow.url)
        browser.sign_in(alex)
        assert _outcome(browser) == "signed in", browser.last.text[:500]
        tokens = oidc_client.redeem(adfs, flow, browser.client_redirect)
        return oidc_client.verify(adfs, tokens["id_token"])["upn"]

    with ThreadPoolExecutor(max_workers=people) as pool:
        assert list(pool.map(one, range(people))) == [alex] * people


def test_the_federation_clients_secret_is_kept_with_the_fast_hasher(adfs):
    client = Client.objects.get(id=settings.ADFS_FEDERATION_CLIENT_ID)
    assert client.secret.startswith(f"{ClientSecretHasher.algorithm}$")
    assert client.check_secret(settings.ADFS_FEDERATION_CLIENT_SECRET)
    assert not client.check_secret(settings.ADFS_FEDERATION_CLIENT_SECRET + "x")
