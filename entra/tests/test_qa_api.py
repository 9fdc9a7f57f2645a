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
    assert response.json()["users"] == 12
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
