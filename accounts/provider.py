"""The identity provider as the portal sees it: its discovery document and signing keys.

mozilla-django-oidc expects every endpoint as a setting and fetches the JWKS on every sign-in;
the portal instead takes one setting, ``OIDC_AUTHORITY``, reads the provider's
``/.well-known/openid-configuration`` and caches it and the JWKS for ``OIDC_METADATA_TTL``
seconds. Pointing the portal at a real Entra tenant is then configuration only.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

# The raw ID token, kept for the end-session request's id_token_hint.
ID_TOKEN_SESSION_KEY = "portal_id_token"  # noqa: S105 (a session key, not a secret)


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or answered nonsense."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None = None


_lock = threading.Lock()
_metadata: dict[str, tuple[float, ProviderMetadata]] = {}
_jwks_clients: dict[str, jwt.PyJWKClient] = {}


def provider_metadata() -> ProviderMetadata:
    """The discovery document of ``OIDC_AUTHORITY``, cached for ``OIDC_METADATA_TTL``."""
    authority = settings.OIDC_AUTHORITY.rstrip("/")
    with _lock:
        cached = _metadata.get(authority)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    metadata = _fetch_metadata(authority)
    with _lock:
        _metadata[authority] = (time.monotonic() + settings.OIDC_METADATA_TTL, metadata)
    return metadata


def _fetch_metadata(authority: str) -> ProviderMetadata:
    url = f"{authority}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        metadata = ProviderMetadata(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            end_session_endpoint=document.get("end_session_endpoint"),
        )
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise ProviderUnavailable(f"No usable discovery document at {url}: {exc}") from exc
    # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the authority itself, or
    # a look-alike document could hand out another provider's endpoints.
    if metadata.issuer.rstrip("/") != authority:
        raise ProviderUnavailable(
            f"The discovery document at {url} names issuer {metadata.issuer!r}, "
            f"not {authority!r}."
        )
    return metadata


def jwks_client() -> jwt.PyJWKClient:
    """PyJWT's JWKS client for the provider: keys cached, refetched on an unknown ``kid``."""
    uri = provider_metadata().jwks_uri
    with _lock:
        client = _jwks_clients.get(uri)
        if client is None:
            client = jwt.PyJWKClient(
                uri,
                lifespan=settings.OIDC_METADATA_TTL,
                timeout=settings.OIDC_TIMEOUT,
                cooldown_duration=settings.OIDC_JWKS_REFRESH_COOLDOWN,
            )
            _jwks_clients[uri] = client
    return client


def forget_provider() -> None:
    """Drop cached metadata and keys (tests; a provider that changed its configuration)."""
    with _lock:
        _metadata.clear()
        _jwks_clients.clear()


def end_session_url(request: HttpRequest) -> str:
    """Where sign-out sends the browser: the provider's end-session endpoint, then back here.

    Named by ``OIDC_OP_LOGOUT_URL_METHOD``; mozilla-django-oidc calls it before ending the
    portal session, so the ID token is still there to serve as ``id_token_hint``.
    """
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    try:
        endpoint = provider_metadata().end_session_endpoint
    except ProviderUnavailable:
        endpoint = None
    if not endpoint:
        return back
    query = {"post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"

