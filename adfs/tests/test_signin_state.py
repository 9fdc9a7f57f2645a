from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from adfs.internal.authn_request import MULTIPLEAUTHN
from adfs.internal.signin_state import signin_state
from adfs.models import User


@pytest.fixture
def request_for(db):
    from config.idpkit.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY

    user = User.objects.create_user("someone@wingtip.com", "x")

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
    assert not state.has_mfa
    assert state.auth_time == datetime.fromtimestamp(1000, tz=UTC)


def test_password_then_totp(request_for):
    state = signin_state(*request_for(
        {"method": "password", "at": 1000.0}, {"method": "mfa", "type": "totp", "at": 1010.0}
    ))
    assert state.amr == ("pwd", "mfa", MULTIPLEAUTHN)
    assert state.has_mfa
    assert state.auth_time == datetime.fromtimestamp(1000, tz=UTC)


def test_a_new_password_step_starts_a_new_sign_in(request_for):
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
