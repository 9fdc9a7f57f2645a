"""Sign-in failure limits (``config.idpkit.failure_limits``): failures counted, not attempts.

Five wrong passwords lock that user (and only that user) out; five wrong codes lock MFA;
sending the guesses all at once buys no more of them. What many *correct* sign-ins at once get
is in ``test_concurrent_sign_ins``.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.test import RequestFactory

from config.idpkit import failure_limits
from config.idpkit.rates import Rate, parse_rates
from entra.demo_data import NATIVE_REDIRECT_URI
from entra.tests import oidc_client
from entra.tests.browserless import PASSWORD, IdpBrowser
from entra.tests.concurrency import all_at_once

JOHN = "john@fabrikam.com"  # password only
ALEJANDRA = "alejandra@contoso.com"  # MFA at sign-in
WRONG = "not-the-password"
TOO_MANY = "Too many"


def _sign_in(idp: str, upn: str, password: str = PASSWORD) -> IdpBrowser:
    browser = IdpBrowser(idp)
    browser.open(oidc_client.start(idp).url)
    browser.sign_in(upn, password)
    return browser


def _outcome(browser: IdpBrowser) -> str:
    if browser.last is None:
        return "signed in"
    if TOO_MANY in browser.last.text:
        return "locked"
    if 'data-testid="signin-error"' in browser.last.text:
        return "wrong password"
    if 'data-testid="mfa-error"' in browser.last.text:
        return "wrong code"
    return "mfa asked" if 'name="code"' in browser.last.text else "?"


def _wrong_code(browser: IdpBrowser, upn: str) -> str:
    codes = {browser.totp(upn), browser.totp(upn, "next_code")}
    return next(c for c in ("000000", "111111", "222222") if c not in codes)


# --- over HTTP ---------------------------------------------------------------------------------


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_five_wrong_passwords_lock_that_user_and_nobody_else(idp):
    for _ in range(5):
        assert _outcome(_sign_in(idp, JOHN, WRONG)) == "wrong password"
    assert _outcome(_sign_in(idp, JOHN)) == "locked"  # the sixth, with the right password
    assert _outcome(_sign_in(idp, "svc.automation@fabrikam.com")) == "signed in"
    assert _outcome(_sign_in(idp, ALEJANDRA)) == "mfa asked"


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_wrong_passwords_sent_at_once_buy_no_more_guesses(idp):
    # Sent all at once, every guess would be checked before the first failure was recorded if
    # the limit only counted failures after the fact (a classic race).
    browsers = [IdpBrowser(idp) for _ in range(12)]
    for browser in browsers:
        browser.open("/accounts/login/")
    pending = iter(browsers)

    def guess() -> str:
        browser = next(pending)
        browser.sign_in(JOHN, WRONG)
        return _outcome(browser)

    assert Counter(all_at_once(guess, times=len(browsers))) == {
        "wrong password": 5, "locked": 7
    }
    assert _outcome(_sign_in(idp, JOHN)) == "locked"


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_unknown_users_count_like_known_ones(idp):
    # Otherwise whether a UPN exists would show in which one locks out.
    for _ in range(5):
        assert _outcome(_sign_in(idp, "nobody@fabrikam.com", WRONG)) == "wrong password"
    assert _outcome(_sign_in(idp, "nobody@fabrikam.com", WRONG)) == "locked"


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_a_sign_in_between_wrong_passwords_does_not_reset_the_count(idp):
    # Interleaving good sign-ins (one's own account) must not launder a brute force.
    for _ in range(3):
        assert _outcome(_sign_in(idp, JOHN, WRONG)) == "wrong password"
    assert _outcome(_sign_in(idp, JOHN)) == "signed in"
    for _ in range(2):
        assert _outcome(_sign_in(idp, JOHN, WRONG)) == "wrong password"
    assert _outcome(_sign_in(idp, JOHN)) == "locked"


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_wrong_codes_sent_at_once_lock_mfa_after_five(idp):
    browsers = [_sign_in(idp, ALEJANDRA) for _ in range(10)]
    assert {_outcome(b) for b in browsers} == {"mfa asked"}
    wrong = _wrong_code(browsers[0], ALEJANDRA)
    pending = iter(browsers)

    def guess() -> str:
        browser = next(pending)
        browser.enter_code(wrong)
        return _outcome(browser)

    assert Counter(all_at_once(guess, times=len(browsers))) == {"wrong code": 5, "locked": 5}
    last = _sign_in(idp, ALEJANDRA)
    last.enter_code(last.totp(ALEJANDRA))  # even the right code now
    assert _outcome(last) == "locked"


@pytest.mark.django_db(transaction=True)
def test_a_wrong_code_then_the_right_one_signs_in(idp):
    browser = _sign_in(idp, ALEJANDRA)
    browser.enter_code(_wrong_code(browser, ALEJANDRA))
    assert _outcome(browser) == "wrong code"
    browser.enter_code(browser.totp(ALEJANDRA))
    assert browser.client_redirect.startswith(NATIVE_REDIRECT_URI)


# --- the limiter itself ------------------------------------------------------------------------


@pytest.fixture
def request_from():
    def make(address: str = "192.0.2.10"):
        return RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)

    return make


@pytest.fixture
def limits(settings):
    settings.SIGN_IN_FAILURE_LIMITS = "4/m/ip,2/m/key"


def _fail(subject: str, request) -> None:
    with failure_limits.attempt(subject, request) as check:
        check.failed()


def test_rates_use_allauths_syntax():
    assert parse_rates("60/m/ip, 5/5m/key") == [Rate(60, 60, "ip"), Rate(5, 300, "key")]
    assert parse_rates("") == []
    for bad in ("5/m", "five/m/key", "5/m/user", "0/m/ip", "5/5w/key"):
        with pytest.raises(ValueError, match="is not a rate"):
            parse_rates(bad)


def test_a_bad_rate_setting_names_its_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import identity_provider

    monkeypatch.setenv("IDP_RATE_LIMIT_LOGIN_FAILED", "5 per minute")
    with pytest.raises(ImproperlyConfigured, match="IDP_RATE_LIMIT_LOGIN_FAILED"):
        identity_provider.allauth_provider("IDP")


def test_successes_cost_nothing(limits, request_from):
    for _ in range(20):
        with failure_limits.attempt("user:a", request_from()):
            pass


def test_failures_lock_the_subject_then_the_address(limits, request_from):
    _fail("user:a", request_from())
    _fail("user:a", request_from())
    with pytest.raises(failure_limits.TooManyFailures), failure_limits.attempt(
        "user:a", request_from()
    ):
        pass
    _fail("user:b", request_from())
    _fail("user:c", request_from())
    # Four failures from one address (two subjects' worth each): the address is locked...
    with pytest.raises(failure_limits.TooManyFailures), failure_limits.attempt(
        "user:d", request_from()
    ):
        pass
    # ... and another address is not.
    with failure_limits.attempt("user:d", request_from("198.51.100.7")):
        pass


def test_an_ipv6_host_counts_as_its_whole_slash_64(limits, request_from):
    for n in range(4):
        _fail(f"user:{n}", request_from(f"2001:db8::{n + 1}"))
    with pytest.raises(failure_limits.TooManyFailures), failure_limits.attempt(
        "user:x", request_from("2001:db8::ffff")
    ):
        pass


def test_an_error_in_the_check_is_not_a_failure(limits, request_from):
    for _ in range(3):
        with pytest.raises(ConnectionError), failure_limits.attempt("user:a", request_from()):
            raise ConnectionError
    with failure_limits.attempt("user:a", request_from()):
        pass


def test_a_check_waits_for_one_in_flight_instead_of_being_refused(settings, request_from):
    settings.SIGN_IN_FAILURE_LIMITS = "1/m/key"
    holding, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def first() -> None:
        with failure_limits.attempt("user:a", request_from()):
            holding.set()
            release.wait(5)

    def second() -> None:
        holding.wait(5)
        with failure_limits.attempt("user:a", request_from()):
            outcome.append("checked")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    holding.wait(5)
    assert outcome == []  # the only seat is taken: the second check waits
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcome == ["checked"]


def test_a_check_in_flight_that_fails_locks_out_the_one_waiting(settings, request_from):
    settings.SIGN_IN_FAILURE_LIMITS = "1/m/key"
    holding, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def first() -> None:
        with failure_limits.attempt("user:a", request_from()) as check:
            holding.set()
            release.wait(5)
            check.failed()

    def second() -> None:
        holding.wait(5)
        try:
            with failure_limits.attempt("user:a", request_from()):
                outcome.append("checked")
        except failure_limits.TooManyFailures:
            outcome.append("locked")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    holding.wait(5)
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcome == ["locked"]


def test_a_seat_of_a_check_that_died_frees_itself(settings, request_from, monkeypatch):
    settings.SIGN_IN_FAILURE_LIMITS = "1/m/key"
    monkeypatch.setattr(failure_limits, "IN_FLIGHT_TTL", 1)
    monkeypatch.setattr(failure_limits, "MAX_WAIT", 3.0)
    dead = failure_limits.Attempt(request_from(), "user:a", failure_limits.configured_rates())
    assert dead._take_seats()  # its process dies here: the seat is never given back
    with failure_limits.attempt("user:a", request_from()):
        pass  # waited (at most the seat's TTL), then checked


def test_waiting_too_long_is_refused(settings, request_from, monkeypatch):
    settings.SIGN_IN_FAILURE_LIMITS = "1/m/key"
    monkeypatch.setattr(failure_limits, "MAX_WAIT", 0.2)
    stuck = failure_limits.Attempt(request_from(), "user:a", failure_limits.configured_rates())
    assert stuck._take_seats()
    with pytest.raises(failure_limits.TooManyFailures), failure_limits.attempt(
        "user:a", request_from()
    ):
        pass


def test_a_configuration_without_failure_counting_does_not_start(settings):
    from config.idpkit.checks import failure_limits_problem

    assert failure_limits_problem() is None
    settings.ACCOUNT_ADAPTER = "allauth.account.adapter.DefaultAccountAdapter"
    assert "ACCOUNT_ADAPTER" in failure_limits_problem()
    settings.ACCOUNT_ADAPTER = "entra.adapters.account.EntraAccountAdapter"
    settings.MFA_FORMS = {"authenticate": "allauth.mfa.base.forms.AuthenticateForm"}
    assert "MFA_FORMS['authenticate']" in failure_limits_problem()
    settings.MFA_FORMS = {}
    assert "MFA_FORMS" in failure_limits_problem()
    settings.SIGN_IN_FAILURE_LIMITS = ""
    assert "SIGN_IN_FAILURE_LIMITS" in failure_limits_problem()
