"""Fixtures of the API's tests: a provider whose keys sign the tokens, and callers of each kind.

The tokens have the claims the mock Entra ID issues for the Partner Center API (docs/tokens.md);
the end-to-end tests (test_with_the_mock_idp.py) get theirs from the mock Entra ID itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.provider import forget_provider
from api.tokens import forget_verified_tokens
from testsupport.api_tokens import (  # noqa: F401 (the tests import these from here)
    AUDIENCE,
    AUTOMATION_APP,
    CONTOSO,
    FABRIKAM,
    access_token_claims,
)
from testsupport.key_provider import KeyProvider

# Seeded demo customers (customers/demo_data.py): GDAP, DAP and reseller-only.
ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
WOODGROVE_DAP = "4c9e7a3d-0f6b-4a4b-98c5-3a2e1f0d9c44"
TAILSPIN_RESELLER = "2a7c5e1b-8d4f-4e29-b6a3-1e0c9d8b7a22"


@pytest.fixture
def key_provider(settings):
    provider = KeyProvider()
    provider.add_key("k1")
    settings.OIDC_AUTHORITY = provider.issuer
    settings.OIDC_JWKS_REFRESH_COOLDOWN = 0
    forget_provider()
    forget_verified_tokens()
    yield provider
    provider.stop()
    forget_provider()
    forget_verified_tokens()


@pytest.fixture
def api_token(key_provider) -> Callable[..., str]:
    """``api_token(kind=..., amr=..., roles=..., **claim_overrides)``: a signed access token.

    A claim override of None leaves the claim out; ``drop=("amr",)`` removes default claims.
    """

    def _token(*, kid: str = "k1", key=None, alg: str = "RS256", drop: tuple[str, ...] = (),
               **options: Any) -> str:
        overrides = {
            name: options.pop(name) for name in list(options)
            if name not in ("kind", "tenant_id", "upn", "roles", "amr", "app_id", "lifetime")
        }
        claims = {**access_token_claims(**options), **overrides}
        claims = {name: value for name, value in claims.items() if name not in drop}
        return key_provider.sign(claims, kid=kid, key=key, alg=alg)

    return _token


@pytest.fixture
def call(client, api_token, db) -> Callable[..., Any]:
    """``call(method, path, token=..., json=...)`` through Django's test client."""

    def _call(method: str, path: str, *, token: str | None = None, json: Any = None,
              **headers: str):
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        kwargs: dict[str, Any] = {}
        if json is not None:
            kwargs = {"data": json, "content_type": "application/json"}
        return getattr(client, method.lower())(path, **kwargs, **headers)

    return _call
