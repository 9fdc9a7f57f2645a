"""Bearer-token verification of the API: each bad token gets a 401 JSON answer naming the check
that failed (never a 5xx), and nothing is recorded for a caller nobody verified."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.tests.conftest import CONTOSO, FABRIKAM
from compliance.models import AccessDecision

pytestmark = pytest.mark.security

CUSTOMERS = "/v1/customers"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hs256_with_public_key(provider, claims: dict) -> str:
    # The classic confusion attack: HMAC keyed with the RSA public key the JWKS publishes.
    public_pem = provider.keys["k1"].public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = ".".join((
        _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "k1"}).encode()),
        _b64(json.dumps(claims).encode()),
    ))
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def _expect_refused(response, code: str, status: int = 401) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert body["description"]
    return body


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (None, "missing_token"),
        ("Basic YWRtaW46cGFzc3dvcmQ=", "unsupported_scheme"),
        ("Bearer", "malformed_token"),
        ("Bearer ", "malformed_token"),
        ("Bearer not-a-jwt", "malformed_token"),
        ("Bearer a.b.c", "malformed_token"),
        ("Bearer " + "A" * 10_240, "token_too_large"),
    ],
)
def test_a_missing_or_malformed_credential_is_a_401(call, key_provider, authorization, code):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    response = call("GET", CUSTOMERS, **headers)
    _expect_refused(response, code)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not AccessDecision.objects.exists()


def test_no_credentials_gets_a_challenge_without_an_error_code(call, key_provider):
    # RFC 6750 section 3.1: a request without credentials learns the scheme, not an error.
    response = call("GET", CUSTOMERS)
    assert response["WWW-Authenticate"] == 'Bearer realm="partner-center-api"'


@pytest.mark.parametrize(
    ("make_token", "code"),
    [
        (lambda p, t: jwt.encode(
            json.loads(jwt.api_jws.base64url_decode(t().split(".")[1])), None, algorithm="none"
        ), "unsupported_algorithm"),
        (lambda p, t: _hs256_with_public_key(
            p, json.loads(jwt.api_jws.base64url_decode(t().split(".")[1]))
        ), "unsupported_algorithm"),
        (lambda p, t: t(kid="not-published", key=p.keys["k1"]), "unknown_signing_key"),
        (lambda p, t: t(key=rsa.generate_private_key(public_exponent=65537, key_size=2048)),
         "bad_signature"),
        (lambda p, t: t(iss=f"https://sts.windows.net/{FABRIKAM}/"), "wrong_issuer"),
        (lambda p, t: t(iss=f"https://login.microsoftonline.com/{CONTOSO}/v2.0"), "wrong_issuer"),
        (lambda p, t: t(aud="https://graph.microsoft.com"), "wrong_audience"),
        (lambda p, t: t(aud=None), "malformed_claims"),
        (lambda p, t: t(exp=int(time.time()) - 3600), "token_expired"),
        (lambda p, t: t(nbf=int(time.time()) + 3600), "token_not_yet_valid"),
        (lambda p, t: t(tid="contoso"), "malformed_claims"),
        (lambda p, t: t(tid=None), "malformed_claims"),
        (lambda p, t: t(amr="pwd mfa"), "malformed_claims"),
        (lambda p, t: t(amr=[["mfa"]]), "malformed_claims"),
        (lambda p, t: t(wids="62e90394-69f5-4237-9190-012177145e10"), "malformed_claims"),
        (lambda p, t: t(upn=42), "malformed_claims"),
        (lambda p, t: t(appid=None), "malformed_claims"),
    ],
    ids=[
        "alg-none", "hs256-with-the-public-key", "unknown-kid", "forged-signature",
        "another-tenants-issuer", "v2-issuer", "wrong-audience", "no-audience", "expired",
        "not-yet-valid", "tid-not-a-guid", "no-tid", "amr-not-a-list", "amr-nested",
        "wids-not-a-list", "upn-not-a-string", "no-application",
    ],
)
def test_a_token_failing_a_check_is_a_401_naming_it(call, key_provider, api_token, make_token,
                                                    code):
    response = call("GET", CUSTOMERS, token=make_token(key_provider, api_token))
    body = _expect_refused(response, code)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert body["description"].replace('"', "'") in response["WWW-Authenticate"]
    assert not AccessDecision.objects.exists()


def test_a_good_token_is_accepted(call, api_token):
    response = call("GET", CUSTOMERS, token=api_token())
    assert response.status_code == 200
    assert response.json()["totalCount"] == 5


def test_clock_skew_within_the_leeway_is_accepted(call, api_token, settings):
    settings.OIDC_CLOCK_SKEW = 60
    now = int(time.time())
    token = api_token(nbf=now + 30, iat=now + 30)
    assert call("GET", CUSTOMERS, token=token).status_code == 200


@pytest.mark.parametrize("amr", [["pwd"], [], ["pwd", "otp"], ["fed"], ["pwd", "rsa"]])
def test_app_user_without_mfa_gets_partner_centers_exact_401(call, api_token, amr):
    response = call("GET", CUSTOMERS, token=api_token(amr=amr))
    assert response.status_code == 401
    assert response.reason_phrase == "Unauthorized - MFA required"
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["code"] == "mfa_required"


def test_app_user_without_an_amr_claim_gets_the_mfa_401(call, api_token):
    response = call("GET", CUSTOMERS, token=api_token(drop=("amr",)))
    assert response.status_code == 401
    assert response.reason_phrase == "Unauthorized - MFA required"
    assert "no amr claim" in response.json()["description"]


@pytest.mark.parametrize("amr", [["pwd", "mfa"], ["ngcmfa"], ["fed", "mfa"], ["pwd", "mfa", "otp"]])
def test_app_user_with_mfa_or_ngcmfa_is_served(call, api_token, amr):
    assert call("GET", CUSTOMERS, token=api_token(amr=amr)).status_code == 200


def test_the_mfa_refusal_is_recorded_with_the_caller(call, api_token):
    call("GET", CUSTOMERS, token=api_token(amr=["pwd"], upn="svc.automation@fabrikam.com",
                                           tenant_id=FABRIKAM))
    decision = AccessDecision.objects.get()
    assert decision.principal == "svc.automation@fabrikam.com"
    assert decision.operation == "customers.list"
    assert (decision.token_kind, decision.mfa, decision.result, decision.status_code) == (
        "app+user", False, "mfa_required", 401
    )


def test_an_expired_token_is_refused_even_after_it_was_accepted(call, api_token, settings):
    # Verified tokens are cached: the cache must not outlive the token.
    settings.OIDC_CLOCK_SKEW = 0
    token = api_token(lifetime=2)
    assert call("GET", CUSTOMERS, token=token).status_code == 200
    time.sleep(2.5)
    _expect_refused(call("GET", CUSTOMERS, token=token), "token_expired")


def test_a_rotated_key_is_fetched_once(call, key_provider, api_token):
    assert call("GET", CUSTOMERS, token=api_token()).status_code == 200
    fetches = key_provider.jwks_fetches
    key_provider.add_key("k2")
    assert call("GET", CUSTOMERS, token=api_token(kid="k2")).status_code == 200
    assert call("GET", CUSTOMERS, token=api_token(kid="k2", upn="x@contoso.com")).status_code \
        == 200
    assert key_provider.jwks_fetches == fetches + 1


def test_junk_key_ids_do_not_make_the_portal_hammer_the_jwks(call, key_provider, api_token,
                                                              settings):
    settings.OIDC_JWKS_REFRESH_COOLDOWN = 60
    assert call("GET", CUSTOMERS, token=api_token()).status_code == 200
    fetches = key_provider.jwks_fetches
    for _ in range(5):
        _expect_refused(
            call("GET", CUSTOMERS,
                 token=api_token(kid=str(uuid.uuid4()), key=key_provider.keys["k1"])),
            "unknown_signing_key",
        )
    assert key_provider.jwks_fetches <= fetches + 1


def test_an_unreachable_provider_is_a_503_not_a_500(call, api_token, key_provider):
    token = api_token()
    key_provider.stop()
    from accounts.provider import forget_provider

    forget_provider()
    response = call("GET", CUSTOMERS, token=token)
    _expect_refused(response, "provider_unavailable", status=503)
