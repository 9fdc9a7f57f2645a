"""One redaction for every step: secrets out, JWTs decoded without their signature."""

from __future__ import annotations

import base64
import json

import pytest

from journeytrace.redaction import PRESENT, REDACTED, SIGNATURE_NOT_RECORDED, redacted


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


HEADER = {"alg": "RS256", "kid": "k1", "typ": "JWT"}
PAYLOAD = {"sub": "u1", "amr": ["pwd", "mfa", "otp"], "nonce": "n-123"}
SIGNATURE = "c2lnbmF0dXJlLW5vdC10by1sZWFr"
JWT = f"{_b64(HEADER)}.{_b64(PAYLOAD)}.{SIGNATURE}"


@pytest.mark.parametrize(
    "key",
    [
        "code", "password", "secret", "client_secret", "code_verifier", "signature", "otp",
        "totp", "recovery_codes", "device_code", "user_code", "Authorization", "cookie",
        "csrfmiddlewaretoken", "new_password", "totp_secret", "client-secret", "api_key",
    ],
)
def test_secret_keys_are_masked_at_any_depth(key):
    step = {"details": {"outer": [{"inner": {key: "hunter2-value"}}]}}
    cleaned = redacted(step)
    assert cleaned["details"]["outer"][0]["inner"][key] == REDACTED
    assert "hunter2-value" not in json.dumps(cleaned)


@pytest.mark.parametrize("key", ["state", "nonce", "code_challenge"])
def test_request_bindings_are_shown_only_as_present(key):
    assert redacted({"parameters": {key: "abc123xyz"}}) == {"parameters": {key: PRESENT}}


@pytest.mark.parametrize("key", ["access_token", "refresh_token", "token"])
def test_opaque_tokens_are_masked(key):
    assert redacted({key: "opaque-token-value"}) == {key: REDACTED}


def test_a_raw_jwt_anywhere_is_decoded_without_its_signature():
    cleaned = redacted({"a": [{"b": JWT}], "id_token": JWT})
    for decoded in (cleaned["a"][0]["b"], cleaned["id_token"]):
        assert decoded["header"] == HEADER
        assert decoded["payload"]["amr"] == ["pwd", "mfa", "otp"]
        assert decoded["payload"]["nonce"] == PRESENT  # the decoded payload is redacted too
        assert decoded["signature"] == SIGNATURE_NOT_RECORDED
    assert SIGNATURE not in json.dumps(cleaned)


def test_a_jwt_inside_a_text_loses_its_signature():
    cleaned = redacted({"note": f"Bearer {JWT} was sent"})
    assert SIGNATURE not in cleaned["note"]
    assert '"amr"' in cleaned["note"]


def test_url_parameters_are_redacted_by_name():
    url = "http://localhost:8000/oidc/callback/?code=SECRETCODE&state=S1&amr_values=mfa"
    cleaned = redacted({"url": url})["url"]
    assert "SECRETCODE" not in cleaned
    assert "S1" not in cleaned
    assert "amr_values=mfa" in cleaned
    assert "state=present" in cleaned


def test_harmless_values_stay():
    step = {"amr": ["pwd"], "mfa": False, "count": 3, "upn": "john@fabrikam.com", "none": None}
    assert redacted(step) == step
