"""Entra's rule for security info: a user who has a method uses it before seeing or changing any.

The attack this closes: with John's password alone (amr=pwd), read his recovery codes on the
IdP, then type one at a client's step-up and come back with amr=pwd,mfa,otp.
"""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator

from config.idpkit.allauth_internals import RecoveryCodes
from entra import services
from entra.models import User

pytestmark = pytest.mark.security

UPN = "john@fabrikam.com"
PASSWORD = "Passw0rd!Demo"

MANAGEMENT_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/recovery-codes/download/",
    "/mfa/registered/",
]


@pytest.fixture
def enrolled(directory) -> tuple[User, list[str]]:
    """John after journey 3's registration: TOTP and recovery codes."""
    user = User.objects.get(email=UPN)
    services.totp_register(user=user, secret=services.demo_totp_secret(UPN))
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return user, codes


def _password_only(client) -> None:
    response = client.post("/accounts/login/", {"login": UPN, "password": PASSWORD})
    assert response.status_code == 302  # Fabrikam has no policy: no MFA at sign-in


def _verify(client) -> None:
    code = pyotp.TOTP(services.demo_totp_secret(UPN)).now()
    response = client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert response.status_code == 302


@pytest.mark.parametrize("path", MANAGEMENT_PAGES)
def test_a_password_only_session_is_sent_to_verify_first(client, enrolled, path):
    _, codes = enrolled
    _password_only(client)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    assert not any(code in response.content.decode() for code in codes)


def test_a_password_only_session_cannot_remove_the_authenticator(client, enrolled):
    user, _ = enrolled
    _password_only(client)
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_a_password_only_session_cannot_replace_the_recovery_codes(client, enrolled):
    user, codes = enrolled
    _password_only(client)
    client.post("/accounts/2fa/recovery-codes/generate/")
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert recovery.wrap().get_unused_codes() == codes


def test_after_verifying_the_recovery_codes_open(client, enrolled):
    _, codes = enrolled
    _password_only(client)
    _verify(client)
    response = client.get("/accounts/2fa/recovery-codes/")
    assert response.status_code == 200
    assert codes[0] in response.content.decode()


def test_a_verification_older_than_the_timeout_no_longer_counts(client, enrolled, settings):
    _password_only(client)
    _verify(client)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 302


def test_a_user_with_no_method_registers_with_the_password_alone(client, directory):
    _password_only(client)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "totp_svg" in response.context or b"<svg" in response.content


def test_security_info_pages_are_not_cached(client, enrolled):
    _password_only(client)
    _verify(client)
    for path in ("/", "/accounts/2fa/recovery-codes/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.security
def test_a_used_code_stays_used_while_the_tolerance_accepts_it(client, enrolled):
    # allauth forgot a used code after one period (30 s) though it accepts it for three.
    from django.core.cache import cache

    user, _ = enrolled
    _password_only(client)
    code = pyotp.TOTP(services.demo_totp_secret(UPN)).now()
    assert client.post("/accounts/2fa/reauthenticate/", {"code": code}).status_code == 302
    # As if 30 s had passed: allauth's own memory of the code is gone, the code still valid.
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
    again = client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert again.status_code == 200  # the form again, with an error
    assert b"mfa-error" in again.content
