"""Step-up parameters of an authorization request, which allauth's IdP ignores.

Honoured: ``amr_values`` (Entra v1), ``acr_values``, ``max_age`` and the OIDC ``claims``
parameter asking for an ``amr`` or ``acr`` that means MFA. ``prompt=login`` is handled by the
authorize wrapper together with ``max_age``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MFA_AMR_VALUES = frozenset({"mfa", "ngcmfa"})
MFA_ACR_VALUES = frozenset(
    {
        "mfa",
        "possessionorinherence",
        "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
    }
)


class StepUpError(ValueError):
    """The request carries a step-up parameter that cannot be understood (``invalid_request``)."""


@dataclass(frozen=True)
class StepUp:
    mfa: bool = False
    max_age: int | None = None
    force_login: bool = False
    reasons: tuple[str, ...] = field(default=())


def _words(value: str | None) -> set[str]:
    return set((value or "").split())


# A claims request is a handful of members; anything larger is not one (and deeply nested JSON
# would exhaust the parser's recursion).
MAX_CLAIMS_LENGTH = 4096


def _claim_demands_mfa(spec: Any, accepted: Iterable[str]) -> bool:
    if not isinstance(spec, Mapping):
        return False  # null means "voluntary claim with no value asked"
    values = spec.get("values")
    if values is None and "value" in spec:
        values = [spec["value"]]
    if values is not None and not isinstance(values, list):
        raise StepUpError("claims: 'values' must be a list")
    if values and not all(isinstance(v, str) for v in values):
        raise StepUpError("claims: 'value' and 'values' of amr and acr must be strings")
    return bool(values) and any(v in accepted for v in values)


def _parse_claims(raw: str) -> bool:
    if len(raw) > MAX_CLAIMS_LENGTH:
        raise StepUpError(f"claims is longer than {MAX_CLAIMS_LENGTH} characters")
    try:
        claims = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise StepUpError("claims is not valid JSON") from exc
    if not isinstance(claims, dict):
        raise StepUpError("claims must be a JSON object")
    demands = False
    for member in ("id_token", "userinfo", "access_token"):
        requested = claims.get(member, {})
        if requested is None:
            continue
        if not isinstance(requested, dict):
            raise StepUpError(f"claims.{member} must be a JSON object")
        demands |= _claim_demands_mfa(requested.get("amr"), MFA_AMR_VALUES)
        demands |= _claim_demands_mfa(requested.get("acr"), MFA_ACR_VALUES)
    return demands


def parse_stepup(params: Mapping[str, str]) -> StepUp:
    reasons = []
    if _words(params.get("amr_values")) & MFA_AMR_VALUES:
        reasons.append("amr_values")
    if _words(params.get("acr_values")) & MFA_ACR_VALUES:
        reasons.append("acr_values")
    if params.get("claims") and _parse_claims(params["claims"]):
        reasons.append("claims")
    max_age = None
    if params.get("max_age") not in (None, ""):
        try:
            max_age = int(params["max_age"])
        except ValueError as exc:
            raise StepUpError("max_age must be a whole number of seconds") from exc
        if max_age < 0:
            raise StepUpError("max_age must not be negative")
    return StepUp(
        mfa=bool(reasons),
        max_age=max_age,
        force_login="login" in _words(params.get("prompt")),
        reasons=tuple(reasons),
    )
