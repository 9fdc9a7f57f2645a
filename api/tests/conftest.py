"""Fixtures of the API's tests: a provider whose keys sign the tokens, and callers of each kind.

The tokens have the claims the mock Entra ID issues for the Partner Center API (docs/tokens.md);
the end-to-end tests (test_with_the_mock_idp.py) get theirs from the mock Entra ID itself.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from accounts.provider import forget_provider
from api.tokens import forget_verified_tokens
from testsupport.key_provider import KeyProvider

CONTOSO = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
FABRIKAM = "9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03"
AUTOMATION_APP = "0c8f4a1e-5b2d-4e6f-9a7c-1d3e5f7a9b11"
AUDIENCE = "https://api.partnercenter.microsoft.com"
# Seeded demo customers (customers/services.py): GDAP, DAP and reseller-only.
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


def access_token_claims(
    *,
    kind: str = "app+user",
    tenant_id: str = CONTOSO,
    upn: str = "admin.agent@contoso.com",
    roles: tuple[str, ...] = ("AdminAgent",),
    amr: list[str] | None = None,
    app_id: str = AUTOMATION_APP,
    lifetime: int = 3600,
) -> dict[str, Any]:
    """The claims of a Partner Center API token as the mock Entra ID issues them."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": AUDIENCE, "iss": f"https://sts.windows.net/{tenant_id}/", "iat": now,
        "nbf": now, "exp": now + lifetime, "appid": app_id, "appidacr": "1", "tid": tenant_id,
        "ver": "1.0",
    }
    if kind == "app-only":
        service_principal = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sp:{app_id}"))
        claims.update(idtyp="app", oid=service_principal, sub=service_principal)
        return claims
    object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"user:{upn}"))
    claims.update(
        oid=object_id, sub=object_id, upn=upn, unique_name=upn, name=upn, roles=list(roles),
        scp="user_impersonation", amr=["pwd", "mfa"] if amr is None else amr, acr="1",
    )
    return claims


@pytest.fixture
def api_token(key_provider) -> Callable[..., str]:
    """``api_token(kind=..., amr=..., roles=..., **claim_overrides)``: a signed access token."""

    def _token(*, kid: str = "k1", key=None, alg: str = "RS256", **options: Any) -> str:
        overrides = {
            name: options.pop(name) for name in list(options)
            if name not in ("kind", "tenant_id", "upn", "roles", "amr", "app_id", "lifetime")
        }
        claims = {**access_token_claims(**options), **overrides}
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
