"""The identity provider as the portal sees it: its discovery document and signing keys.

mozilla-django-oidc expects every endpoint as a setting and fetches the JWKS on every sign-in;
the portal instead takes one setting, ``OIDC_AUTHORITY``, reads the provider's
``/.well-known/openid-configuration`` and caches it and the JWKS for ``OIDC_METADATA_TTL``
seconds. Pointing the portal at a real Entra tenant is then configuration only.

The document must name the expected issuer (``accounts.conf.expected_issuer``): the authority,
or ``OIDC_ISSUER`` where the two differ (Entra's v1 endpoints). Another issuer is a
configuration mistake (``ProviderMisconfigured``), not an outage.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

from accounts.conf import ConfigurationError, expected_issuer

# The raw ID token, kept for the end-session request's id_token_hint.
ID_TOKEN_SESSION_KEY = "portal_id_token"  # noqa: S105 (a session key, not a secret)


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or answered nonsense."""


class ProviderMisconfigured(ConfigurationError, ProviderUnavailable):
    """The provider answers, but not as the settings say it should (another issuer).

    Also a ``ProviderUnavailable``, so that code which only knows outages (the API's token
    verification) still refuses cleanly; the sign-in pages catch it first and say which
    setting to change.
    """

    def __init__(self, message: str, *, setting: str) -> None:
        super().__init__(message, setting=setting, upstream=True)


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None = None
    userinfo_endpoint: str | None = None
    # RFC 9207: the provider puts `iss` in every authorization response, so one without it is
    # not from this provider.
    authorization_response_iss_parameter_supported: bool = False


_lock = threading.Lock()
_metadata: dict[str, tuple[float, ProviderMetadata]] = {}
_jwks_clients: dict[str, jwt.PyJWKClient] = {}


def provider_metadata() -> ProviderMetadata:
    """The discovery document of ``OIDC_AUTHORITY``, cached for ``OIDC_METADATA_TTL``."""
    authority = settings.OIDC_AUTHORITY.rstrip("/")
    with _lock:
        cached = _metadata.get(authority)
    if cached and cached[0] > time.monotonic():
        metadata = cached[1]
    else:
        metadata = fetch_metadata(authority)
        with _lock:
            _metadata[authority] = (time.monotonic() + settings.OIDC_METADATA_TTL, metadata)
    # Checked on every use, cached or not: a wrong issuer stays a configuration error (without
    # refetching the document on every request), and a corrected OIDC_ISSUER takes effect.
    check_issuer(metadata.issuer, url=discovery_url(authority))
    return metadata


def discovery_url(authority: str) -> str:
    return f"{authority.rstrip('/')}/.well-known/openid-configuration"


def fetch_document(authority: str) -> dict[str, Any]:
    """The discovery document at ``authority`` as JSON, uncached and unchecked."""
    url = discovery_url(authority)
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"No usable discovery document at {url}: {exc}") from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"No usable discovery document at {url}: not a JSON object")
    return document


def fetch_metadata(authority: str) -> ProviderMetadata:
    """The discovery document at ``authority``, uncached; its issuer is not checked here."""
    document = fetch_document(authority)
    try:
        return ProviderMetadata(
            issuer=_string(document["issuer"]),
            authorization_endpoint=_string(document["authorization_endpoint"]),
            token_endpoint=_string(document["token_endpoint"]),
            jwks_uri=_string(document["jwks_uri"]),
            end_session_endpoint=_optional_string(document.get("end_session_endpoint")),
            userinfo_endpoint=_optional_string(document.get("userinfo_endpoint")),
            authorization_response_iss_parameter_supported=(
                document.get("authorization_response_iss_parameter_supported") is True
            ),
        )
    except (KeyError, TypeError) as exc:
        url = discovery_url(authority)
        raise ProviderUnavailable(f"No usable discovery document at {url}: {exc}") from exc


def _string(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{value!r} is not a URL")
    return value


def _optional_string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def check_issuer(issuer: str, *, url: str) -> None:
    """OpenID Connect Discovery 1.0, section 4.3: the document must name the expected issuer,
    or a look-alike document could hand out another provider's endpoints.

    With ``OIDC_ISSUER`` set the comparison is exact (the section says "identical", and Entra's
    v1 issuer ends with a slash that its tokens keep); the authority alone is compared without
    a trailing slash, as the portal always did.
    """
    if settings.OIDC_ISSUER:
        if issuer == settings.OIDC_ISSUER:
            return
        setting = "OIDC_ISSUER"
    else:
        if issuer.rstrip("/") == settings.OIDC_AUTHORITY.rstrip("/"):
            return
        setting = "OIDC_AUTHORITY"
    raise ProviderMisconfigured(
        f"The discovery document at {url} names the issuer {issuer!r}, but {setting} expects "
        f"{expected_issuer()!r}. Set OIDC_ISSUER to the issuer this provider really uses "
        "(for Entra's v1 endpoints: https://sts.windows.net/<tenant-id>/), or point "
        "OIDC_AUTHORITY at the provider you meant.",
        setting=setting,
    )


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
    except (ProviderUnavailable, ConfigurationError):
        # Signing out of the portal must work even when the provider cannot be used.
        endpoint = None
    if not endpoint:
        return back
    query = {"post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"

