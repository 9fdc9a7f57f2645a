"""The identity provider's own steps of one sign-in, fetched from its QA API (server to server).

The portal never imports IdP code: like the scenario launcher (``portal.launcher``) it asks the
mock Entra ID over HTTP, ``GET /qa/trace?client_id=...&state=...``, with ``IDP_QA_API_TOKEN``
when set. A real Entra ID has no such API: the answer is then "not visible", never a failure
of the sign-in. What comes back is checked for shape and size, and redacted by the writer like
every other step.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

# The callback waits for this: a slow or absent QA API must not hold a sign-in up.
FETCH_TIMEOUT = 3.0
MAX_EVENTS = 60
MAX_TEXT = 500


def _url() -> str:
    return f"{settings.IDP_QA_API_URL or settings.OIDC_AUTHORITY.rstrip('/')}/qa/trace"


def _event(raw: Any) -> dict | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), dict):
        return None
    text = {
        str(code)[:8]: str(value)[:MAX_TEXT] for code, value in raw["text"].items()
        if isinstance(value, str)
    }
    if not text:
        return None
    details = raw.get("details")
    return {
        "kind": str(raw.get("kind", "idp"))[:40],
        "text": text,
        "details": details if isinstance(details, dict) else {},
        "at": str(raw.get("at", ""))[:40],
    }


def idp_trace_fetch(*, state: str) -> list[dict] | None:
    """The IdP's steps for this sign-in's ``state``, oldest first; None when not available."""
    token = settings.IDP_QA_API_TOKEN
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    timeout = min(settings.QA_API_TIMEOUT, FETCH_TIMEOUT)
    try:
        answer = requests.get(
            _url(), params={"client_id": settings.OIDC_RP_CLIENT_ID, "state": state},
            headers=headers, timeout=timeout,
        )
        body = answer.json() if answer.ok else None
    except (requests.RequestException, ValueError):
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        # Not the mock, its QA API off, or the token refused: the trace says so, nothing fails.
        logger.info("No identity provider trace at %s", _url())
        return None
    return [event for raw in body["events"][:MAX_EVENTS] if (event := _event(raw)) is not None]
