"""Access tokens minted for QA (demo and test mode only, behind the QA API).

A scenario that needs "an App+User token whose amr is exactly X" (the Partner Center API's
"401 Unauthorized - MFA required" for ``pwd``, say) should not have to drive a browser through a
sign-in first. These tokens are built by the same adapter and signed with the same key as the
token endpoint's, so a resource server cannot tell them apart.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from allauth.idp.oidc.models import Client
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from config.idpkit.signing_keys import signing_key
from entra.adapters.oidc import PARTNER_CENTER_API, EntraOIDCAdapter
from entra.models import SignIn, User


def token_mint(
    *, request: HttpRequest, client: Client, user: User | None, amr: list[str]
) -> dict[str, Any]:
    """An access token for the Partner Center API: App+User with ``amr`` when ``user`` is
    given, app-only (as client credentials gives) when it is not."""
    adapter = EntraOIDCAdapter()
    iat = int(time.time())
    claims: dict[str, Any] = {
        "client_id": client.id, "iss": adapter.get_issuer(), "iat": iat, "nbf": iat,
        "exp": iat + settings.IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN, "jti": uuid.uuid4().hex,
        "token_use": "access", "aud": PARTNER_CENTER_API,
    }
    if user is not None:
        claims["sub"] = adapter.get_user_sub(client, user)
        # What the adapter reads to write amr/acr/auth_time (never saved: no code, no grant).
        request.entra_sign_in = SignIn(
            user=user, amr=amr, acr="mfa" if {"mfa", "ngcmfa"} & set(amr) else "1",
            auth_time=timezone.now(),
        )
    adapter.populate_access_token(claims, client=client, scopes=["openid"], user=user)
    jwk, private_key = signing_key(adapter.get_signing_key().pem)
    token = jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": jwk["kid"]})
    return {
        "access_token": token, "token_type": "Bearer",
        "expires_in": settings.IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN,
    }
