"""Verification of the provider's ID tokens, strictly.

mozilla-django-oidc checks the signature, ``exp`` and ``nonce`` but not ``aud``, ``azp`` or
``iss`` and fetches keys on every call; this module checks all of them with PyJWT against the
cached JWKS.
"""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings

from accounts.provider import ProviderUnavailable, jwks_client, provider_metadata

# Asymmetric only: with a shared-secret algorithm anyone holding the client secret could mint
# tokens, and `none` is never acceptable.
ALGORITHMS = ["RS256"]
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


class InvalidIdToken(Exception):
    """The ID token failed verification; the message says which check failed."""


def verify_id_token(token: str, *, nonce: str | None) -> dict[str, Any]:
    """Return the claims of ``token`` after checking alg, signature, iss, aud, azp, exp, nonce."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as exc:
        raise InvalidIdToken("The ID token is not a well-formed JWT.") from exc
    if header.get("alg") not in ALGORITHMS:
        raise InvalidIdToken(f"The ID token is signed with {header.get('alg')!r}, not RS256.")
    try:
        key = jwks_client().get_signing_key(header.get("kid", ""))
    except jwt.PyJWKClientConnectionError as exc:
        raise ProviderUnavailable(f"The provider's signing keys are unreachable: {exc}") from exc
    except jwt.PyJWKClientError as exc:
        raise InvalidIdToken(
            "The ID token is signed with a key the provider does not publish."
        ) from exc
    try:
        claims = jwt.decode(
            token,
            key.key,
            algorithms=ALGORITHMS,
            audience=settings.OIDC_RP_CLIENT_ID,
            issuer=provider_metadata().issuer,
            leeway=settings.OIDC_CLOCK_SKEW,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.InvalidAudienceError as exc:
        raise InvalidIdToken("The ID token was issued to another application (aud).") from exc
    except jwt.InvalidIssuerError as exc:
        raise InvalidIdToken("The ID token comes from another issuer (iss).") from exc
    except jwt.ExpiredSignatureError as exc:
        raise InvalidIdToken("The ID token has expired (exp).") from exc
    except jwt.InvalidTokenError as exc:
        raise InvalidIdToken(f"The ID token failed verification: {exc}") from exc
    _check_authorized_party(claims)
    _check_claim_shapes(claims)
    if nonce is None or claims.get("nonce") != nonce:
        raise InvalidIdToken("The ID token does not answer this sign-in (nonce).")
    return claims


def _check_authorized_party(claims: dict[str, Any]) -> None:
    """OpenID Connect Core 1.0, 3.1.3.7 steps 4 and 5.

    PyJWT only checks that the client is among the audiences. A token for several audiences
    may have been requested by any of them: only ``azp`` says it was issued to this client,
    rather than to another application that could then replay it here.
    """
    client_id = settings.OIDC_RP_CLIENT_ID
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    authorized_party = claims.get("azp")
    if len(audiences) > 1 and authorized_party is None:
        raise InvalidIdToken(
            "The ID token names several audiences (aud) but no authorized party (azp)."
        )
    if authorized_party is not None and authorized_party != client_id:
        raise InvalidIdToken(
            "The ID token was issued to another application (azp is not this client)."
        )


# The claims the portal reads, and the JSON shape a conforming provider gives each. A token of
# another shape is refused at verification, never half-used (a number where a list belongs).
STRING_CLAIMS = ("sub", "oid", "tid", "upn", "unique_name", "email", "preferred_username",
                 "name", "given_name", "family_name", "acr")
STRING_LIST_CLAIMS = ("amr", "roles", "wids", "acrs")
# The portal's user name is the object id (Entra: a GUID; OIDC allows up to 255 characters).
MAX_SUBJECT_LENGTH = 150


def claim_shape_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be the ``name`` claim the portal reads, or None if it can.

    null is taken as "not given" (OIDC Core 5.3.2 asks providers to omit such claims instead).
    """
    if value is None:
        return None
    if name in STRING_CLAIMS and not isinstance(value, str):
        return f"the {name!r} claim is not a string"
    if name in STRING_LIST_CLAIMS and not (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        return f"the {name!r} claim is not a list of strings"
    return None


def _check_claim_shapes(claims: dict[str, Any]) -> None:
    for name in (*STRING_CLAIMS, *STRING_LIST_CLAIMS):
        problem = claim_shape_problem(name, claims.get(name))
        if problem:
            raise InvalidIdToken(f"The ID token's {problem.removeprefix('the ')}.")
    subject = claims.get("oid") or claims.get("sub")
    if not subject:
        raise InvalidIdToken("The ID token names no subject (sub).")
    if len(subject) > MAX_SUBJECT_LENGTH:
        raise InvalidIdToken("The ID token's subject (oid/sub) is longer than this portal takes.")
