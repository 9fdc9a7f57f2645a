"""The signing key parsed once per PEM, not once per token.

allauth turns the configured PEM into a private key and a JWK (``jwkkit.load_jwk_from_pem``)
every time it signs an ID or access token, verifies one, or serves the JWKS: parsing an RSA
key checks it, which costs more than the signature itself. The PEM is the cache key, so a key
that changes (rotation through ``IDP_OIDC_PRIVATE_KEYS``, a test's override) is parsed anew
and never mixed up with the old one.
"""

from __future__ import annotations

import functools
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from .allauth_internals import jwkkit

# A few keys at once at most: the current one, the next one published ahead, an old one.
_KEYS_KEPT = 8


# allauth's own function, taken before install() replaces it.
_parsed = functools.lru_cache(maxsize=_KEYS_KEPT)(jwkkit.load_jwk_from_pem)


def signing_key(pem: str) -> tuple[dict[str, Any], RSAPrivateKey]:
    """The public JWK (with its ``kid``) and the private key of ``pem``, parsed once.

    The JWK is a copy: allauth's callers may add members to it (the key object itself is
    immutable and safe to share between threads)."""
    jwk, private_key = _parsed(pem)
    return dict(jwk), private_key


def install() -> None:
    """Make allauth's key loading go through the cache (idempotent)."""
    jwkkit.load_jwk_from_pem = signing_key
