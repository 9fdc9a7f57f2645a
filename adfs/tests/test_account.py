"""The sign-in page: the user name from the client's login_hint, AD FS's wording on errors."""

from __future__ import annotations

import pytest

from adfs.tests import oidc_client

pytestmark = pytest.mark.django_db(transaction=True)

UPN = "prashob@wingtip.com"


def test_login_hint_fills_in_the_user_name(visitor, adfs):
    visitor.open(oidc_client.start(adfs, login_hint=UPN).url)
    assert f'value="{UPN}"' in visitor.last.text
    visitor.sign_in(None)  # the password only: the user name is already there
    assert visitor.has("mfa-code")


def test_without_login_hint_the_user_name_is_empty(visitor, adfs):
    visitor.open(oidc_client.start(adfs).url)
    assert visitor.has("signin-email")
    assert f'value="{UPN}"' not in visitor.last.text


@pytest.mark.parametrize(
    ("upn", "password"),
    [(UPN, "wrong"), ("nobody@wingtip.com", "Passw0rd!Demo")],
    ids=["wrong-password", "unknown-user"],
)
def test_a_wrong_password_or_unknown_user_gets_the_same_error(visitor, adfs, upn, password):
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(upn, password)
    assert visitor.has("signin-error")
    assert "Incorrect user ID or password" in visitor.last.text
    assert visitor.client_redirect is None
