"""The QA control API: reset, TOTP codes, the skip-MFA switch; and its rules."""

from __future__ import annotations

import time

import pyotp
import pytest

from adfs.models import SignIn, User
from adfs.services import demo_totp_secret

UPN = "prashob@wingtip.com"


@pytest.fixture
def api(client, directory):
    return client


def _post(api, url: str, body: str = "{}", **kwargs):
    return api.post(url, data=body, content_type="application/json", **kwargs)


def test_totp_code_matches_the_seeded_secret(api):
    before = time.time()
    body = api.get(f"/qa/users/{UPN}/totp").json()
    totp = pyotp.TOTP(demo_totp_secret(UPN))
    assert body["upn"] == UPN
    assert body["code"] in {totp.at(before), totp.at(time.time())}
    assert body["next_code"] in {totp.at(before + 30), totp.at(time.time() + 30)}
    assert 0 < body["expires_in"] <= body["period"] == 30


def test_totp_of_an_unknown_user_or_one_without_a_method_is_a_json_error(api):
    assert api.get("/qa/users/nobody@wingtip.com/totp").json()["error"] == "unknown_user"
    User.objects.get(email=UPN).authenticator_set.all().delete()
    response = api.get(f"/qa/users/{UPN}/totp")
    assert response.status_code == 409
    assert response.json()["error"] == "no_totp"


@pytest.mark.parametrize("skip", [True, False])
def test_the_mfa_switch_is_set(api, skip):
    User.objects.filter(email=UPN).update(skip_mfa=not skip)
    response = _post(api, f"/qa/users/{UPN}/mfa", f'{{"skip": {str(skip).lower()}}}')
    assert response.status_code == 200
    assert response.json() == {"upn": UPN, "skip": skip}
    assert User.objects.get(email=UPN).skip_mfa is skip


@pytest.mark.parametrize("body", ['{"skip": "yes"}', '{"skip": 1}', "{}", "[true]", "not json"])
def test_a_bad_mfa_switch_value_is_a_400_naming_the_allowed_values(api, body):
    response = _post(api, f"/qa/users/{UPN}/mfa", body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert '{"skip": true}' in response.json()["error_description"]
    assert '{"skip": false}' in response.json()["error_description"]
    assert User.objects.get(email=UPN).skip_mfa is False


def test_the_mfa_switch_of_an_unknown_user_is_a_404(api):
    response = _post(api, "/qa/users/nobody@wingtip.com/mfa", '{"skip": true}')
    assert response.status_code == 404


def test_reset_restores_the_seeded_directory(api):
    prashob = User.objects.get(email=UPN)
    SignIn.objects.create(user=prashob, amr=["pwd"], auth_time="2026-01-01T00:00Z",
                          code_hash="x" * 64)
    User.objects.filter(email=UPN).update(skip_mfa=True, given_name="Renamed")
    User.objects.create_user("intruder@wingtip.com", "Passw0rd!Demo")
    response = _post(api, "/qa/reset")
    assert response.status_code == 200
    assert response.json() == {"status": "reset", "users": 1, "clients": 1}
    assert not SignIn.objects.exists()
    prashob = User.objects.get(email=UPN)
    assert (prashob.skip_mfa, prashob.given_name) == (False, "Prashob")
    assert not User.objects.filter(email="intruder@wingtip.com").exists()


def test_posts_must_be_json(api):
    assert api.post("/qa/reset", data={"a": "b"}).status_code == 415
    assert api.post(f"/qa/users/{UPN}/mfa", data={"skip": "true"}).status_code == 415


def test_the_qa_api_is_off_by_configuration(api, settings):
    settings.ADFS = {**settings.ADFS, "QA_API_ENABLED": False}
    assert api.get(f"/qa/users/{UPN}/totp").status_code == 404
    assert _post(api, "/qa/reset").status_code == 404
    assert _post(api, f"/qa/users/{UPN}/mfa", '{"skip": true}').status_code == 404


def test_a_configured_qa_token_is_required(api, settings):
    settings.ADFS = {**settings.ADFS, "QA_API_TOKEN": "s3cret"}
    url = f"/qa/users/{UPN}/mfa"
    assert _post(api, url, '{"skip": true}').status_code == 401
    assert User.objects.get(email=UPN).skip_mfa is False
    authorized = _post(api, url, '{"skip": true}', headers={"Authorization": "Bearer s3cret"})
    assert authorized.status_code == 200


def test_user_reset_puts_one_persona_back_and_unlocks_it(api, rf):
    from allauth.mfa.models import Authenticator

    from config.idpkit import failure_limits

    prashob = User.objects.get(email=UPN)
    SignIn.objects.create(user=prashob, amr=["pwd"], auth_time="2026-01-01T00:00Z",
                          code_hash="x" * 64)
    User.objects.filter(email=UPN).update(skip_mfa=True)
    prashob.authenticator_set.all().delete()
    api.force_login(prashob)
    # Five wrong codes lock MFA for Prashob (the seeded limits: 5 per user).
    request = rf.post("/", REMOTE_ADDR="10.1.2.3")
    for _ in range(5):
        with failure_limits.attempt(f"mfa:{prashob.pk}", request) as check:
            check.failed()
    elsewhere = rf.post("/", REMOTE_ADDR="10.9.9.9")
    with pytest.raises(failure_limits.TooManyFailures), failure_limits.attempt(
        f"mfa:{prashob.pk}", elsewhere
    ):
        pass

    response = _post(api, f"/qa/users/{UPN}/reset")

    assert response.status_code == 200
    assert response.json() == {"status": "reset", "upn": UPN, "sessions_ended": 1}
    prashob = User.objects.get(email=UPN)
    assert prashob.skip_mfa is False
    assert not SignIn.objects.filter(user=prashob).exists()
    assert Authenticator.objects.filter(user=prashob, type="totp").exists()
    with failure_limits.attempt(f"mfa:{prashob.pk}", rf.post("/", REMOTE_ADDR="10.9.9.9")):
        pass  # unlocked
    assert api.get("/").wsgi_request.user.is_anonymous  # its AD FS session ended


def test_user_reset_of_an_unknown_or_unseeded_user_is_a_json_error(api):
    assert _post(api, "/qa/users/nobody@wingtip.com/reset").status_code == 404
    User.objects.create_user("guest@wingtip.com", "Passw0rd!Demo")
    response = _post(api, "/qa/users/guest@wingtip.com/reset")
    assert response.status_code == 409
    assert response.json()["error"] == "not_seeded"
