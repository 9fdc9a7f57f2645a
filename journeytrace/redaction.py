"""The one redaction every trace step goes through before it is stored.

The trace is shown on a page, downloaded as JSON and kept in the database: nothing in it may let
someone sign in, redeem or replay anything. So, whatever a step's details hold, at any depth:

- secret values (codes, passwords, client secrets, PKCE verifiers, signatures, cookies,
  authorization headers) become ``"[redacted]"``;
- values that bind a request to its answer (``state``, ``nonce``, ``code_challenge``) become
  ``"present"``: the trace says they were sent, never what they were;
- a token under a token key (``id_token``, ``access_token``, ...) and a raw JWT string anywhere
  are replaced by their decoded header and payload, the signature dropped (a JWT without its
  signature proves nothing); an opaque token becomes ``"[redacted]"``;
- a URL's query parameters get the same treatment by name, so an authorization URL or a
  callback URL keeps its step-up parameters and loses its code.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[redacted]"
PRESENT = "present"
SIGNATURE_NOT_RECORDED = "not recorded"

# Keys compared lower-case, with "-" read as "_".
_SECRET_KEYS = frozenset({
    "code", "password", "passwd", "pwd_value", "secret", "client_secret", "code_verifier",
    "signature", "sig", "otp", "totp", "recovery_code", "recovery_codes", "device_code",
    "user_code", "authorization", "cookie", "set_cookie", "csrfmiddlewaretoken", "csrftoken",
    "assertion", "client_assertion", "private_key", "key", "pin", "passcode", "session",
    "sessionid",
})
# Any key containing one of these is secret too (new_password, totp_secret, api_key, ...).
_SECRET_PARTS = ("password", "secret", "private", "api_key", "credential")
_PRESENT_KEYS = frozenset({"state", "nonce", "code_challenge"})
_TOKEN_KEYS = frozenset({
    "id_token", "access_token", "refresh_token", "token", "id_token_hint", "logout_token",
    "bearer",
})

# header.payload.signature, each base64url; the header of a JWS always starts with '{"'
# (base64url "eyJ").
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_MAX_DEPTH = 20


def _normal(key: object) -> str:
    return str(key).strip().lower().replace("-", "_")


def _is_secret_key(key: str) -> bool:
    return key in _SECRET_KEYS or any(part in key for part in _SECRET_PARTS)


def _b64_json(segment: str) -> Any:
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded))


def jwt_decoded(value: str) -> dict[str, Any] | None:
    """The header and payload of a compact JWS, without its signature; None if not one."""
    if not _JWT.fullmatch(value.strip()):
        return None
    header, payload, _signature = value.strip().split(".")
    try:
        decoded = {"header": _b64_json(header), "payload": _b64_json(payload)}
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(decoded["header"], dict) or not isinstance(decoded["payload"], dict):
        return None
    # The decoded parts came from outside: they get the same treatment (no nested secrets).
    return {**redacted(decoded), "signature": SIGNATURE_NOT_RECORDED}


def _redacted_url(value: str) -> str:
    parts = urlsplit(value)
    if not parts.query or "=" not in parts.query:
        return value
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    cleaned = []
    for key, item in pairs:
        replaced = _redacted_value(_normal(key), item, 0)
        cleaned.append((key, replaced if isinstance(replaced, str) else json.dumps(replaced)))
    return urlunsplit(parts._replace(query=urlencode(cleaned)))


def _redacted_string(value: str) -> Any:
    decoded = jwt_decoded(value)
    if decoded is not None:
        return decoded
    if _JWT.search(value):
        # A JWT inside a longer text: its signature goes, its readable parts stay readable.
        value = _JWT.sub(lambda m: json.dumps(jwt_decoded(m.group(0)) or REDACTED), value)
    if "?" in value and "=" in value:
        value = _redacted_url(value)
    return value


def _redacted_value(key: str, value: Any, depth: int) -> Any:
    if value is None or value == "" or isinstance(value, bool):
        return value
    if key in _PRESENT_KEYS:
        return PRESENT
    if key in _TOKEN_KEYS:
        decoded = jwt_decoded(value) if isinstance(value, str) else None
        return decoded if decoded is not None else REDACTED
    if _is_secret_key(key):
        return REDACTED
    return _redacted(value, depth + 1)


def _redacted(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return REDACTED  # deeper than any step we write: nobody can check it, so nobody sees it
    if isinstance(value, dict):
        return {str(k): _redacted_value(_normal(k), v, depth) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_redacted(item, depth + 1) for item in value]
    if isinstance(value, str):
        return _redacted_string(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    return _redacted_string(str(value))


def redacted(value: Any) -> Any:
    """``value`` (a step, its details, anything JSON-like) with every secret taken out."""
    return _redacted(value, 0)
