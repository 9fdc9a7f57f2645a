from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from config.idpkit.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY
from entra.internal.signin_state import signin_state
from entra.models import User


@pytest.fixture
def request_for(db):
    user = User.objects.create_user("someone@fabrikam.com", "x")

    def build(*records):
        request = RequestFactory().get("/")
        request.session = {
            AUTHENTICATION_METHODS_SESSION_KEY: list(records),
            "account_authentication_methods_user": str(user.pk),
        }
        return request, user

    return build


def test_password_only(request_for):
    state = signin_state(*request_for({"method": "password", "at": 1000.0}))
    assert state.amr == ("pwd",)
    assert state.has_mfa is False
    assert state.auth_time == datetime.fromtimestamp(1000, tz=UTC)


def test_mfa_after_password_adds_mfa_and_the_method(request_for):
    state = signin_state(*request_for(
        {"method": "password", "at": 1000.0},
        {"method": "mfa", "type": "totp", "at": 1010.0, "reauthenticated": True},
    ))
    assert state.amr == ("pwd", "mfa", "otp")
    assert state.has_mfa is True


def test_a_new_password_sign_in_starts_over(request_for):
    state = signin_state(*request_for(
        {"method": "password", "at": 1000.0},
        {"method": "mfa", "type": "totp", "at": 1010.0},
        {"method": "password", "at": 2000.0, "reauthenticated": True},
    ))
    assert state.amr == ("pwd",)
    assert state.auth_time == datetime.fromtimestamp(2000, tz=UTC)


def test_no_records_prove_nothing(request_for):
    state = signin_state(*request_for())
    assert state.amr == ()
    assert state.auth_time is None


@pytest.mark.parametrize(
    ("integration", "amr"),
    [("custom_control", ("pwd",)), ("external_authentication_method", ("pwd", "mfa"))],
)
def test_a_third_party_prompt_counts_only_through_an_external_authentication_method(
    request_for, integration, amr
):
    state = signin_state(*request_for(
        {"method": "password", "at": 1000.0},
        {"method": "third_party_mfa", "integration": integration, "at": 1010.0},
    ))
    assert state.amr == amr
    assert state.third_party_mfa_done is True
