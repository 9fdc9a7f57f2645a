"""The relying party of the protocol tests: the mock Entra ID's federation client, played by
Authlib (authorization code, client secret, PKCE S256), with PyJWT checking tokens by JWKS."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import jwt
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings

from adfs.seeding import federation_redirect_uri

MULTIPLEAUTHN = "http://schemas.microsoft.com/claims/multipleauthn"


@dataclass
class Flow:
    session: OAuth2Session
    url: str
    state: str
    nonce: str
    verifier: str


def discovery(adfs: str) -> dict:
    return requests.get(f"{adfs}/.well-known/openid-configuration", timeout=10).json()


def start(adfs: str, *, client_id: str | None = None, **params: str) -> Flow:
    """An authorization request as Entra ID sends it to the federated IdP."""
    session = OAuth2Session(
        client_id or settings.ADFS_FEDERATION_CLIENT_ID,
        settings.ADFS_FEDERATION_CLIENT_SECRET,
        scope="openid profile email",
        redirect_uri=federation_redirect_uri(),
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )
    verifier = generate_token(48)
    nonce = secrets.token_urlsafe(16)
    url, state = session.create_authorization_url(
        discovery(adfs)["authorization_endpoint"], code_verifier=verifier, nonce=nonce, **params
    )
    return Flow(session, url, state, nonce, verifier)


def redeem(adfs: str, flow: Flow, callback_url: str) -> dict:
    return flow.session.fetch_token(
        discovery(adfs)["token_endpoint"],
        authorization_response=callback_url,
        code_verifier=flow.verifier,
    )


def verify(adfs: str, token: str, *, audience: str | None = None) -> dict:
    """Check signature (key from the JWKS by ``kid``), ``alg``, ``iss``, ``aud`` and ``exp``."""
    key = jwt.PyJWKClient(discovery(adfs)["jwks_uri"]).get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=audience or settings.ADFS_FEDERATION_CLIENT_ID,
        issuer=adfs,
        options={"require": ["exp", "iat", "iss", "aud"]},
    )


def id_token_claims(adfs: str, flow: Flow, callback_url: str) -> dict:
    claims = verify(adfs, redeem(adfs, flow, callback_url)["id_token"])
    assert claims["nonce"] == flow.nonce
    return claims
