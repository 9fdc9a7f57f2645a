"""The scenario launcher's calls to the identity providers' QA control APIs (server to server).

The portal never imports IdP code: it asks the mock Entra ID (and Wingtip AD FS) over HTTP, with
the QA token of the settings when one is set, like any QA client of docs/qa.md would.
"""

from __future__ import annotations

from urllib.parse import quote

import requests
from django.conf import settings


class QaApiUnavailable(Exception):
    """The IdP's QA API is off, refuses the portal's token, or does not answer."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{url}: {detail}")
        self.url, self.detail = url, detail


def _post(base_url: str, path: str, token: str) -> dict:
    url = f"{base_url}{path}"
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        answer = requests.post(url, json={}, headers=headers, timeout=settings.QA_API_TIMEOUT)
    except requests.RequestException as exc:
        raise QaApiUnavailable(url, type(exc).__name__) from exc
    try:
        body = answer.json()
    except ValueError:
        body = {}
    if not answer.ok:
        detail = body.get("error_description") if isinstance(body, dict) else None
        raise QaApiUnavailable(url, f"HTTP {answer.status_code} {detail or answer.reason}")
    return body if isinstance(body, dict) else {}


def _idp_url() -> str:
    return settings.IDP_QA_API_URL or settings.OIDC_AUTHORITY.rstrip("/")


def idp_phone_base_url() -> str:
    """Where the browser opens a persona's simulated phone (``<this>/<upn>/``): the mock Entra
    ID's own origin, the one the browser signs in at (not the QA API's, which may be an address
    only the portal reaches)."""
    return f"{settings.OIDC_AUTHORITY.rstrip('/')}/phone/"


def idp_user_reset(*, upn: str) -> dict:
    """Put one persona back to its seeded state at the mock Entra ID."""
    return _post(_idp_url(), f"/qa/users/{quote(upn)}/reset", settings.IDP_QA_API_TOKEN)


def idp_directory_reset() -> dict:
    """The mock Entra ID's whole directory back to its seeded state, every IdP session ended."""
    return _post(_idp_url(), "/qa/reset", settings.IDP_QA_API_TOKEN)


def adfs_reset() -> bool:
    """Wingtip AD FS back to its seeded state, when configured; False when it is not."""
    if not settings.ADFS_QA_API_URL:
        return False
    _post(settings.ADFS_QA_API_URL, "/qa/reset", settings.ADFS_QA_API_TOKEN)
    return True


def adfs_user_reset(*, upn: str) -> bool:
    """One persona back to its seeded state at Wingtip AD FS, when configured; False when not."""
    if not settings.ADFS_QA_API_URL:
        return False
    _post(settings.ADFS_QA_API_URL, f"/qa/users/{quote(upn)}/reset", settings.ADFS_QA_API_TOKEN)
    return True
