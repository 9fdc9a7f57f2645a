import time

import pyotp
import pytest

from entra.models import GrantLink, SignIn, User
from entra.services import demo_totp_secret


@pytest.fixture
def api(client, directory):
    return client


def test_totp_code_matches_the_registered_secret(api):
    before = time.time()
    body = api.get("/qa/users/alejandra@contoso.com/totp").json()
    totp = pyotp.TOTP(demo_totp_secret("alejandra@contoso.com"))
    # The same period as the request, even if the clock ticked over in between.
    assert body["code"] in {totp.at(before), totp.at(time.time())}
    assert body["next_code"] in {totp.at(before + 30), totp.at(time.time() + 30)}
    assert 0 < body["expires_in"] <= body["period"] == 30


def test_unknown_user_and_user_without_totp_are_json_errors(api):
    assert api.get("/qa/users/nobody@contoso.com/totp").status_code == 404
    response = api.get("/qa/users/john@fabrikam.com/totp")
    assert response.status_code == 409
    assert response.json()["error"] == "no_totp"


def test_reset_drops_registrations_and_sign_ins(api):
    john = User.objects.get(email="john@fabrikam.com")
    sign_in = SignIn.objects.create(user=john, amr=["pwd"], auth_time="2026-01-01T00:00Z")
    GrantLink.objects.create(token_hash="x" * 64, kind="code", sign_in=sign_in)
    john.given_name = "Renamed"
    john.save()
    response = api.post("/qa/reset", data="{}", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["users"] == 13  # the guest in Contoso included
    assert not SignIn.objects.exists()
    assert User.objects.get(email="john@fabrikam.com").given_name == "John"


def test_reset_refuses_a_form_post(api):
    # A cross-site HTML form cannot send JSON without a CORS preflight.
    assert api.post("/qa/reset", data={"a": "b"}).status_code == 415


def test_qa_api_is_off_by_configuration(api, settings):
    settings.ENTRA = {**settings.ENTRA, "QA_API_ENABLED": False}
    assert api.get("/qa/users/alejandra@contoso.com/totp").status_code == 404
    assert api.post("/qa/reset", data="{}", content_type="application/json").status_code == 404


def test_qa_token_is_required_when_configured(api, settings):
    settings.ENTRA = {**settings.ENTRA, "QA_API_TOKEN": "s3cret"}
    url = "/qa/users/alejandra@contoso.com/totp"
    assert api.get(url).status_code == 401
    assert api.get(url, headers={"Authorization": "Bearer s3cret"}).status_code == 200


@pytest.mark.security
def test_reset_removes_staff_accounts_too(api):
    User.objects.create_superuser("intruder@contoso.com", "Passw0rd!Demo")
    api.post("/qa/reset", data="{}", content_type="application/json")
    assert not User.objects.filter(email="intruder@contoso.com").exists()
    assert not User.objects.filter(is_staff=True).exists()


@pytest.mark.security
def test_a_nul_character_is_a_400_not_a_database_error(api):
    assert api.get("/qa/users/a%00b@contoso.com/totp").status_code == 400
    response = api.post("/identity/o/api/token", {"grant_type": "client_credentials",
                                                  "client_id": "a\x00b"})
    assert response.status_code == 400


def _user_reset(api, upn, **headers):
    return api.post(
        f"/qa/users/{upn}/reset", data="{}", content_type="application/json", headers=headers
    )


def _signed_in_session(client, user):
    from django.contrib.sessions.models import Session

    client.force_login(user)
    return Session.objects.get(session_key=client.session.session_key)


def test_user_reset_drops_that_users_registration_sessions_and_sign_ins(api, client, db):
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.models import Session
    from django.test import Client

    from entra.models import Tenant
    from entra.services import totp_register

    john = User.objects.get(email="john@fabrikam.com")
    alejandra = User.objects.get(email="alejandra@contoso.com")
    totp_register(user=john, secret="JBSWY3DPEHPK3PXP")  # journey 3's registration, beyond the seed
    SignIn.objects.create(user=john, amr=["pwd", "mfa"], auth_time="2026-01-01T00:00Z")
    kept_sign_in = SignIn.objects.create(
        user=alejandra, amr=["pwd", "mfa"], auth_time="2026-01-01T00:00Z"
    )
    john_session = _signed_in_session(Client(), john)
    alejandra_session = _signed_in_session(Client(), alejandra)
    alejandra_totp = Authenticator.objects.get(user=alejandra, type=Authenticator.Type.TOTP)
    Tenant.objects.filter(domain="fabrikam.com").update(name="Renamed")

    response = _user_reset(api, "John@Fabrikam.com")

    assert response.status_code == 200
    assert response.json() == {
        "status": "reset", "upn": "john@fabrikam.com", "sessions_ended": 1
    }
    assert not Authenticator.objects.filter(user=john).exists()
    assert not SignIn.objects.filter(user=john).exists()
    assert not Session.objects.filter(pk=john_session.pk).exists()
    assert Tenant.objects.get(domain="fabrikam.com").name == "Fabrikam"
    # Everyone else is left alone.
    assert SignIn.objects.filter(pk=kept_sign_in.pk).exists()
    assert Session.objects.filter(pk=alejandra_session.pk).exists()
    assert Authenticator.objects.filter(pk=alejandra_totp.pk).exists()


def test_user_reset_restores_seeded_totp(api):
    from allauth.mfa.models import Authenticator

    alejandra = User.objects.get(email="alejandra@contoso.com")
    Authenticator.objects.filter(user=alejandra).delete()
    assert _user_reset(api, "alejandra@contoso.com").status_code == 200
    before = time.time()
    body = api.get("/qa/users/alejandra@contoso.com/totp").json()
    totp = pyotp.TOTP(demo_totp_secret("alejandra@contoso.com"))
    assert body["code"] in {totp.at(before), totp.at(time.time())}
    assert Authenticator.objects.filter(
        user=alejandra, type=Authenticator.Type.RECOVERY_CODES
    ).exists()


def test_user_reset_unlocks_a_persona_locked_out_by_wrong_codes(api, rf):
    from config.idpkit import failure_limits

    alejandra = User.objects.get(email="alejandra@contoso.com")
    other_address = rf.post("/", REMOTE_ADDR="10.9.9.9")
    for _ in range(5):  # the seeded limit: five failures per user
        with failure_limits.attempt(f"mfa:{alejandra.pk}", rf.post("/")) as check:
            check.failed()
    with pytest.raises(failure_limits.TooManyFailures), failure_limits.attempt(
        f"mfa:{alejandra.pk}", other_address
    ):
        pass

    assert _user_reset(api, "alejandra@contoso.com").status_code == 200

    alejandra = User.objects.get(email="alejandra@contoso.com")
    with failure_limits.attempt(f"mfa:{alejandra.pk}", other_address):
        pass  # a launched journey starts unlocked


def test_user_reset_unknown_or_unseeded_user(api):
    assert _user_reset(api, "nobody@contoso.com").status_code == 404
    User.objects.create_user("extra@contoso.com", "x")
    response = _user_reset(api, "extra@contoso.com")
    assert (response.status_code, response.json()["error"]) == (409, "not_seeded")


def test_user_reset_follows_the_qa_api_rules(api, settings):
    assert api.post("/qa/users/john@fabrikam.com/reset", data={"a": "b"}).status_code == 415
    assert api.get("/qa/users/john@fabrikam.com/reset").status_code == 405
    settings.ENTRA = {**settings.ENTRA, "QA_API_TOKEN": "s3cret"}
    assert _user_reset(api, "john@fabrikam.com").status_code == 401
    assert _user_reset(
        api, "john@fabrikam.com", Authorization="Bearer s3cret"
    ).status_code == 200
    settings.ENTRA = {**settings.ENTRA, "QA_API_ENABLED": False}
    assert _user_reset(api, "john@fabrikam.com").status_code == 404
