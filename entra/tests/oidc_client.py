"""The relying-party side of the protocol tests: Authlib for OAuth/OIDC, PyJWT for JWKS checks."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import jwt
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

from entra.demo_data import NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID


@dataclass
class Flow:
    session: OAuth2Session
    url: str
    state: str
    nonce: str
    verifier: str


def discovery(idp: str) -> dict:
    return requests.get(f"{idp}/.well-known/openid-configuration", timeout=10).json()


def start(
    idp: str,
    *,
    client_id: str = POWERSHELL_CLIENT_ID,
    client_secret: str | None = None,
    **params: str,
) -> Flow:
    meta = discovery(idp)
    session = OAuth2Session(
        client_id,
        client_secret,
        scope="openid profile email",
        redirect_uri=NATIVE_REDIRECT_URI,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic" if client_secret else "none",
    )
    verifier = generate_token(48)
    nonce = secrets.token_urlsafe(16)
    url, state = session.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce, **params
    )
    return Flow(session, url, state, nonce, verifier)


def redeem(idp: str, flow: Flow, callback_url: str, verifier: str | None = None) -> dict:
    return flow.session.fetch_token(
        discovery(idp)["token_endpoint"],
        authorization_response=callback_url,
        code_verifier=verifier or flow.verifier,
    )


def verify(idp: str, token: str, *, audience: str, issuer: str | None = None) -> dict:
    """Check signature (key from the JWKS by ``kid``), ``alg``, ``iss``, ``aud`` and ``exp``."""
    jwks = jwt.PyJWKClient(discovery(idp)["jwks_uri"])
    key = jwks.get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=audience,
        issuer=issuer or idp,
        options={"require": ["exp", "iat", "iss", "aud"]},
    )
