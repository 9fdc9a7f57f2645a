"""AD FS's own MFA: the code after the password, cancel, wrong and replayed codes, lock-out."""

from __future__ import annotations

import pytest

from adfs.models import User
from adfs.tests import oidc_client
from adfs.tests.browserless import AdfsBrowser
from adfs.tests.oidc_client import MULTIPLEAUTHN

pytestmark = pytest.mark.django_db(transaction=True)

UPN = "prashob@wingtip.com"


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_cancel_at_sign_in_returns_access_denied_and_drops_the_password_step(visitor, adfs):
    flow = oidc_client.start(adfs)
    visitor.open(flow.url)
    visitor.sign_in(UPN)
    assert visitor.has("mfa-cancel")
    visitor.cancel_mfa()
    query = visitor.callback_query()
    assert query["error"] == "access_denied"
    assert query["state"] == flow.state
    # Nobody is half signed in: the next request starts at the sign-in page.
    visitor.open(oidc_client.start(adfs).url)
    assert visitor.has("signin-email")


def test_cancel_at_a_request_for_mfa_returns_access_denied_and_keeps_the_session(visitor, adfs):
    User.objects.filter(email=UPN).update(skip_mfa=True)
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    flow = oidc_client.start(adfs, acr_values=MULTIPLEAUTHN)
    visitor.open(flow.url)
    visitor.cancel_mfa()
    query = visitor.callback_query()
    assert query["error"] == "access_denied"
    assert query["state"] == flow.state
    assert UPN in visitor.open("/").text  # still signed in (password only)


def test_cancel_sends_nothing_to_an_unregistered_redirect_uri(visitor, adfs):
    User.objects.filter(email=UPN).update(skip_mfa=True)
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    visitor.open(oidc_client.start(adfs, acr_values=MULTIPLEAUTHN).url)
    evil_next = oidc_client.start(adfs).url.split(adfs, 1)[1].replace(
        "localhost%3A8001", "evil.example"
    )
    visitor.post(f"{adfs}/mfa/cancel/", {"next": evil_next})
    assert visitor.client_redirect is None
    assert visitor.last.url == f"{adfs}/"  # back to AD FS's own page


def test_a_wrong_code_is_refused(visitor, adfs):
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    visitor.enter_code(_wrong(visitor.totp(UPN)))
    assert visitor.has("mfa-error")
    assert visitor.client_redirect is None


def test_a_code_is_accepted_once(visitor, adfs):
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    code = visitor.totp(UPN)
    visitor.enter_code(code)
    assert visitor.client_redirect

    again = AdfsBrowser(adfs)  # another browser, the same code within its period: a replay
    again.open(oidc_client.start(adfs).url)
    again.sign_in(UPN)
    again.enter_code(code)
    assert again.has("mfa-error")
    assert again.client_redirect is None


def test_wrong_codes_lock_mfa_for_the_user(visitor, adfs):
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    wrong = _wrong(visitor.totp(UPN))
    for _ in range(5):
        visitor.enter_code(wrong)
    visitor.enter_code(visitor.totp(UPN))  # even the right code now
    assert visitor.has("mfa-error")
    assert "Too many" in visitor.last.text
    assert visitor.client_redirect is None
