"""AD FS's own page: who is signed in and what the session proves."""

from __future__ import annotations

import pytest

from adfs.tests import oidc_client
from adfs.tests.oidc_client import MULTIPLEAUTHN

pytestmark = pytest.mark.django_db(transaction=True)


def test_signed_out_visitors_go_to_sign_in(visitor):
    visitor.open("/")
    assert visitor.last.url.split("?")[0].endswith("/accounts/login/")


def test_the_page_shows_the_session_amr(visitor, adfs):
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in("prashob@wingtip.com")
    visitor.enter_code(visitor.totp("prashob@wingtip.com"))
    page = visitor.open("/").text
    assert f"pwd, mfa, {MULTIPLEAUTHN}" in page
    assert 'data-testid="signout"' in page
