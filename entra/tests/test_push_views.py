"""Verification by push with number matching at the mock Entra ID (``entra.views.push``), driven
through the real authorize flow: a client (Authlib) asks, a person signs in over HTTP, the phone
answers on the simulated phone page, and the ID token's ``amr`` tells how."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from entra import services
from entra.models import PushChallenge, Tenant
from entra.push import services as push_services
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser
from entra.tests.push_phone import (
    answer_on_phone,
    continue_after_phone,
    shown_challenge,
    shown_number,
)

pytestmark = pytest.mark.django_db(transaction=True)

ALEJANDRA = "alejandra@contoso.com"  # Contoso: MFA at every sign-in; push registered (seed)
STEPUP_USER = "pat@fabrikam.com"  # Fabrikam: no policy; MFA when a client steps up


def _id_token_claims(idp: str, flow, browser: IdpBrowser) -> dict:
    assert browser.last is None, "the sign-in did not reach the client"
    tokens = oidc_client.redeem(idp, flow, browser.client_redirect)
    return oidc_client.verify(idp, tokens["id_token"], audience=flow.session.client_id)


def _to_push_page(idp: str, upn: str = ALEJANDRA, **params) -> tuple:
    flow = oidc_client.start(idp, **params)
    browser = IdpBrowser(idp, prefers_codes=False)
    browser.open(flow.url)
    browser.sign_in(upn)
    assert browser.last is not None
    assert 'data-testid="push-approval"' in browser.last.text
    assert "Approve sign-in request" in browser.last.text
    return flow, browser


@pytest.fixture
def stepup_user(idp):
    """A user with the Authenticator app (codes and push) whose tenant asks no MFA at sign-in."""
    user = services.user_upsert(
        upn=STEPUP_USER, tenant=Tenant.objects.get(domain="fabrikam.com"),
        password="Passw0rd!Demo", given_name="Pat", family_name="Stepup",
    )
    services.totp_register(user=user, secret=services.demo_totp_secret(STEPUP_USER))
    push_services.push_registration_create(user=user)
    return user


def test_push_approved_with_the_right_number_gives_amr_rsa(idp):
    flow, browser = _to_push_page(idp)
    answer = answer_on_phone(idp, ALEJANDRA, number=shown_number(browser))
    assert "Approved" in answer.text
    continue_after_phone(browser)
    claims = _id_token_claims(idp, flow, browser)
    assert claims["amr"] == ["pwd", "mfa", "rsa"]
    assert claims["upn"] == ALEJANDRA


def test_a_verification_code_instead_of_push_gives_amr_otp(idp):
    flow, browser = _to_push_page(idp)
    browser.open("/accounts/2fa/authenticate/?method=code")
    assert 'data-testid="mfa-code"' in browser.last.text
    assert 'data-testid="push-use-app"' in browser.last.text  # and back to push
    browser.enter_code(browser.totp(ALEJANDRA))
    assert _id_token_claims(idp, flow, browser)["amr"] == ["pwd", "mfa", "otp"]


def test_push_at_a_step_up_then_amr_rsa(idp, stepup_user):
    flow, browser = _to_push_page(idp, STEPUP_USER, amr_values="mfa")
    assert "/accounts/2fa/reauthenticate/" in browser.last.url
    answer_on_phone(idp, STEPUP_USER, number=shown_number(browser))
    continue_after_phone(browser)
    assert _id_token_claims(idp, flow, browser)["amr"] == ["pwd", "mfa", "rsa"]


def test_deny_shows_request_denied_and_the_client_keeps_waiting(idp):
    flow, browser = _to_push_page(idp)
    answer_on_phone(idp, ALEJANDRA, deny=True)
    continue_after_phone(browser)
    assert browser.last is not None  # no answer went to the client
    assert browser.last.status_code == 403
    assert 'data-testid="push-denied"' in browser.last.text
    assert "Request denied" in browser.last.text
    # "Send another request": a new number; approving that one finishes the same sign-in.
    browser.submit({"push_action": "resend"})
    answer_on_phone(idp, ALEJANDRA, number=shown_number(browser))
    continue_after_phone(browser)
    assert _id_token_claims(idp, flow, browser)["amr"] == ["pwd", "mfa", "rsa"]


def test_a_wrong_number_on_the_phone_denies(idp):
    _flow, browser = _to_push_page(idp)
    number = shown_number(browser)
    answer_on_phone(idp, ALEJANDRA, number=10 if number != 10 else 11)
    continue_after_phone(browser)
    assert browser.last.status_code == 403
    assert 'data-reason="wrong_number"' in browser.last.text


def test_a_time_out_says_we_did_not_hear_from_you(idp):
    _flow, browser = _to_push_page(idp)
    PushChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    continue_after_phone(browser)
    assert browser.last.status_code == 200
    assert 'data-testid="push-timeout"' in browser.last.text
    assert "We didn't hear from you" in browser.last.text
    assert 'data-testid="push-resend"' in browser.last.text
    assert browser.last is not None  # the client is still waiting


def test_still_waiting_when_continued_before_the_phone_answers(idp):
    _flow, browser = _to_push_page(idp)
    number = shown_number(browser)
    continue_after_phone(browser)
    assert 'data-testid="push-waiting"' in browser.last.text
    assert shown_number(browser) == number  # the same request, not a new one


def test_reloading_the_page_keeps_the_same_request(idp):
    _flow, browser = _to_push_page(idp)
    challenge = shown_challenge(browser)
    browser.open("/accounts/2fa/authenticate/")
    assert shown_challenge(browser) == challenge
    assert PushChallenge.objects.count() == 1


def test_cancel_at_a_step_up_sends_access_denied_to_the_client(idp, stepup_user):
    _flow, browser = _to_push_page(idp, STEPUP_USER, amr_values="mfa")
    cancel = next(
        line for line in browser.last.text.splitlines() if 'data-testid="mfa-cancel"' in line
    )
    href = cancel.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    browser.open(href)
    assert "error=access_denied" in browser.client_redirect


def test_an_approval_of_one_session_does_not_sign_in_another(idp):
    """The approval is bound to the browser session that asked: a second browser presenting
    the same request id (a copied page, a stolen form) gets a 400 and no code."""
    flow, browser = _to_push_page(idp)
    challenge = shown_challenge(browser)
    answer_on_phone(idp, ALEJANDRA, number=shown_number(browser))
    _, other = _to_push_page(idp)
    other.submit({"push_action": "continue", "challenge": challenge})
    assert other.last is not None
    assert other.last.status_code == 400
    # The session that asked still gets in, once.
    continue_after_phone(browser)
    assert _id_token_claims(idp, flow, browser)["amr"] == ["pwd", "mfa", "rsa"]


def test_status_is_polled_by_the_session_that_asked_only(idp):
    _flow, browser = _to_push_page(idp)
    challenge = shown_challenge(browser)
    mine = browser.session.get(f"{idp}/mfa/push/{challenge}/status", timeout=10)
    assert mine.status_code == 200
    assert mine.json()["status"] == "pending"
    assert mine.headers["Cache-Control"].startswith("max-age=0")
    other = IdpBrowser(idp).session.get(f"{idp}/mfa/push/{challenge}/status", timeout=10)
    assert other.status_code == 404
    assert IdpBrowser(idp).session.get(f"{idp}/mfa/push/not-a-uuid/status").status_code == 404


@pytest.mark.parametrize(
    "data",
    [{"push_action": "continue", "challenge": "nonsense"}, {"push_action": "launch"},
     {"push_action": "continue"}],
)
def test_bad_push_posts_get_a_400(idp, data):
    _flow, browser = _to_push_page(idp)
    browser.submit(data)
    assert browser.last.status_code == 400


def test_registering_the_authenticator_registers_push(idp):
    """Journey 3's interrupt: John registers the app; verification then starts with push."""
    import pyotp

    flow = oidc_client.start(idp, amr_values="mfa")
    browser = IdpBrowser(idp, prefers_codes=False)
    browser.open(flow.url)
    browser.sign_in("john@fabrikam.com")
    assert 'data-testid="mfa-register-secret"' in browser.last.text
    secret = browser.last.text.split('data-testid="mfa-register-secret"', 1)[1]
    secret = secret.split(">", 1)[1].split("<", 1)[0].strip()
    browser.submit({"code": pyotp.TOTP(secret).now()} | _hidden_next(browser))
    assert 'data-testid="mfa-recovery-codes"' in browser.last.text
    continue_link = browser.last.text.split('data-testid="mfa-continue"', 1)[0]
    href = continue_link.rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    browser.open(href)
    assert 'data-testid="push-approval"' in browser.last.text
    answer_on_phone(idp, "john@fabrikam.com", number=shown_number(browser))
    continue_after_phone(browser)
    assert _id_token_claims(idp, flow, browser)["amr"] == ["pwd", "mfa", "rsa"]


def _hidden_next(browser: IdpBrowser) -> dict[str, str]:
    import html
    import re

    found = re.search(r'name="next" value="([^"]*)"', browser.last.text)
    return {"next": html.unescape(found.group(1))} if found else {}


def test_the_push_page_speaks_korean(idp):
    flow = oidc_client.start(idp)
    browser = IdpBrowser(idp, prefers_codes=False)
    browser.session.headers["Accept-Language"] = "ko"
    browser.open(flow.url)
    browser.sign_in(ALEJANDRA)
    assert "로그인 요청 승인" in browser.last.text
    assert "지금 Microsoft Authenticator 앱을 사용할 수 없습니다" in browser.last.text
    assert "Approve sign-in request" not in browser.last.text
