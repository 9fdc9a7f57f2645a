"""Verification of Partner Center API access tokens, strictly, with a cache of verified tokens.

RS256 only, the signature against the identity provider's JWKS (``accounts.provider``: cached,
refetched on an unknown ``kid`` no more often than the cool-down allows), ``aud`` the Partner
Center API, ``iss`` the token tenant's v1 issuer (``https://sts.windows.net/<tid>/``, the shape of
the source document's sample and of real Entra tokens for this resource), ``exp``/``nbf``/``iat``
with ``OIDC_CLOCK_SKEW`` of leeway. A token that passed is remembered until it expires, so a
client that sends the same token on every call pays for the signature check once.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

import jwt
from django.conf import settings

from accounts.provider import ProviderUnavailable, jwks_client
from api.errors import ProviderUnavailableError, TokenError

ALGORITHMS = ["RS256"]
REQUIRED_CLAIMS = ["exp", "iss", "aud", "tid"]
_STRING_CLAIMS = ("appid", "azp", "oid", "sub", "upn", "unique_name", "idtyp", "scp", "name")
_STRING_LIST_CLAIMS = ("amr", "roles", "wids")


def _refuse(code: str, description: str) -> TokenError:
    return TokenError(code, description)


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header (RFC 6750 section 2.1)."""
    if not authorization:
        raise _refuse("missing_token", "Send an access token: Authorization: Bearer <token>.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        raise _refuse(
            "unsupported_scheme",
            f"The {scheme[:20]!r} scheme is not accepted; send Authorization: Bearer <token>.",
        )
    token = token.strip()
    if not token:
        raise _refuse("malformed_token", "The Authorization header has no token.")
    if len(token) > settings.PARTNER_CENTER_API["MAX_TOKEN_LENGTH"]:
        raise _refuse("token_too_large", "The access token is longer than any this API accepts.")
    return token


class VerifiedTokenCache:
    """Claims of tokens that passed verification, until they expire (LRU, bounded)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._claims: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str, *, now: float) -> dict[str, Any] | None:
        with self._lock:
            claims = self._claims.get(token)
            if claims is None:
                return None
            if claims["exp"] + settings.OIDC_CLOCK_SKEW <= now:
                del self._claims[token]
                return None
            self._claims.move_to_end(token)
            return claims

    def put(self, token: str, claims: dict[str, Any]) -> None:
        with self._lock:
            self._claims[token] = claims
            self._claims.move_to_end(token)
            while len(self._claims) > self.size:
                self._claims.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._claims.clear()


_cache = VerifiedTokenCache(size=1024)


def forget_verified_tokens() -> None:
    """Drop the cache (tests; after rotating the provider's keys)."""
    _cache.clear()


def verify_access_token(token: str) -> dict[str, Any]:
    """The claims of ``token``, or a ``TokenError`` whose code names the check that failed."""
    now = time.time()
    cached = _cache.get(token, now=now)
    if cached is not None:
        # Still inside its lifetime; nbf cannot have moved since it was checked.
        return cached
    claims = _verify(token)
    _cache.put(token, claims)
    return claims


def _verify(token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as exc:
        raise _refuse("malformed_token", "The access token is not a well-formed JWT.") from exc
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise _refuse(
            "unsupported_algorithm",
            f"The access token is signed with {str(algorithm)[:20]!r}; only RS256 is accepted.",
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _refuse("unknown_signing_key", "The access token's header names no key (kid).")
    try:
        key = jwks_client().get_signing_key(kid)
    except (ProviderUnavailable, jwt.PyJWKClientConnectionError) as exc:
        raise ProviderUnavailableError(
            "provider_unavailable", f"The identity provider's signing keys are unreachable: {exc}"
        ) from exc
    except jwt.PyJWKClientError as exc:
        raise _refuse(
            "unknown_signing_key",
            "The access token is signed with a key the identity provider does not publish.",
        ) from exc
    api = settings.PARTNER_CENTER_API
    try:
        claims = jwt.decode(
            token,
            key.key,
            algorithms=ALGORITHMS,
            audience=api["AUDIENCE"],
            leeway=settings.OIDC_CLOCK_SKEW,
            options={"require": REQUIRED_CLAIMS, "verify_iss": False},
        )
    except jwt.InvalidSignatureError as exc:
        raise _refuse("bad_signature", "The access token's signature does not verify.") from exc
    except jwt.InvalidAudienceError as exc:
        raise _refuse(
            "wrong_audience", f"The access token is not for {api['AUDIENCE']} (aud)."
        ) from exc
    except jwt.ExpiredSignatureError as exc:
        raise _refuse("token_expired", "The access token has expired (exp).") from exc
    except jwt.ImmatureSignatureError as exc:
        raise _refuse("token_not_yet_valid", "The access token is not valid yet (nbf).") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise _refuse("malformed_claims", f"The access token has no {exc.claim!r} claim.") from exc
    except jwt.InvalidTokenError as exc:
        raise _refuse("malformed_token", f"The access token failed verification: {exc}") from exc
    _check_issuer(claims, api["ISSUER"])
    _check_claim_shapes(claims)
    return claims


def _check_issuer(claims: dict[str, Any], template: str) -> None:
    """The issuer must be the token tenant's own: a multi-tenant resource accepts any tenant's
    tokens, but only from that tenant's issuer (a token cannot claim another tenant's ``tid``)."""
    try:
        tenant_id = str(uuid.UUID(str(claims["tid"])))
    except ValueError as exc:
        raise _refuse("malformed_claims", "The access token's tid is not a tenant id.") from exc
    expected = template.format(tid=tenant_id)
    if claims.get("iss") != expected:
        raise _refuse(
            "wrong_issuer", f"The access token comes from another issuer (iss is not {expected})."
        )


def _check_claim_shapes(claims: dict[str, Any]) -> None:
    for name in _STRING_CLAIMS:
        if claims.get(name) is not None and not isinstance(claims[name], str):
            raise _refuse("malformed_claims", f"The access token's {name!r} claim is not a string.")
    for name in _STRING_LIST_CLAIMS:
        value = claims.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            raise _refuse(
                "malformed_claims", f"The access token's {name!r} claim is not a list of strings."
            )
    if not (claims.get("appid") or claims.get("azp")):
        raise _refuse("malformed_claims", "The access token names no application (appid).")
