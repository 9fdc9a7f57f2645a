"""QA token minting: Partner Center API access tokens of any amr, signed like the real ones."""

from __future__ import annotations

import json

import pytest
import requests

from entra.demo_data import AUTOMATION_CLIENT_ID, TENANTS
from entra.tests import oidc_client

PC_API = "https://api.partnercenter.microsoft.com"
CONTOSO_TID = next(t.id for t in TENANTS if t.name == "Contoso")
FABRIKAM_TID = next(t.id for t in TENANTS if t.name == "Fabrikam")


def _mint(idp: str, body) -> requests.Response:
    return requests.post(f"{idp}/qa/tokens", json=body, timeout=10)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("amr", "acr"), [(["pwd"], "1"), (["pwd", "mfa"], "mfa")])
def test_an_app_user_token_with_the_amr_asked_for(idp, amr, acr):
    token = _mint(idp, {"upn": "john@fabrikam.com", "amr": amr}).json()["access_token"]
    claims = oidc_client.verify(
        idp, token, audience=PC_API, issuer=f"https://sts.windows.net/{FABRIKAM_TID}/"
    )
    assert claims["amr"] == amr
    assert claims["acr"] == acr
    assert claims["upn"] == "john@fabrikam.com"
    assert claims["appid"] == AUTOMATION_CLIENT_ID
    assert claims["scp"] == "user_impersonation"
    assert claims["ver"] == "1.0"


@pytest.mark.django_db(transaction=True)
def test_an_app_only_token_for_a_client(idp):
    token = _mint(idp, {"client_id": AUTOMATION_CLIENT_ID}).json()["access_token"]
    claims = oidc_client.verify(
        idp, token, audience=PC_API, issuer=f"https://sts.windows.net/{CONTOSO_TID}/"
    )
    assert claims["idtyp"] == "app"
    assert claims["tid"] == CONTOSO_TID
    for user_claim in ("amr", "upn", "scp"):
        assert user_claim not in claims


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({}, 400, "invalid_request"),
        ([], 400, "invalid_request"),
        ({"upn": "john@fabrikam.com", "amr": "pwd"}, 400, "invalid_request"),
        ({"upn": "john@fabrikam.com", "amr": [1]}, 400, "invalid_request"),
        ({"upn": "nobody@fabrikam.com"}, 404, "unknown_user"),
        ({"upn": ["john@fabrikam.com"]}, 404, "unknown_user"),
        ({"client_id": "not-an-app"}, 404, "unknown_client"),
        ({"client_id": 7}, 404, "unknown_client"),
    ],
)
def test_bad_requests_are_json_errors(client, directory, body, status, error):
    response = client.post("/qa/tokens", data=json.dumps(body), content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"] == error


def test_minting_is_off_with_the_qa_api(client, directory, settings):
    settings.ENTRA = {**settings.ENTRA, "QA_API_ENABLED": False}
    response = client.post(
        "/qa/tokens", data=json.dumps({"upn": "john@fabrikam.com"}),
        content_type="application/json",
    )
    assert response.status_code == 404
