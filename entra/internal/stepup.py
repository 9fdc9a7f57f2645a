"""Step-up parameters of an authorization request, which allauth's IdP ignores.

Honoured: ``amr_values`` (Entra v1), ``acr_values``, ``max_age`` and the OIDC ``claims``
parameter asking for an ``amr`` or ``acr`` that means MFA, or for ``acrs``: a Conditional Access
authentication context (Entra's current way to step up). ``prompt=login`` is handled by the
authorize wrapper together with ``max_age``.

Also what the answer must say: the ``acr`` that satisfies the request (OIDC Core 5.5.1.1,
``acr_answer``) and the authentication contexts to list in ``acrs``.
"""

from __future__ import annotations

import json
import re
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


# Entra's acr for any authenticated sign-in (the source document's sample has it): what the
# token says when nothing else was asked.
ACR_SIGNED_IN = "1"
# Every acr value this IdP can answer with (discovery's acr_values_supported).
ACR_VALUES_SUPPORTED = (ACR_SIGNED_IN, *sorted(MFA_ACR_VALUES))

# Where the authorize wrapper can find the code it links to the sign-in (discovery's
# response_modes_supported). form_post oauthlib would silently turn into a query redirect.
RESPONSE_MODES = ("query", "fragment")

# Entra's authentication context ids. In this mock every context is bound to a Conditional
# Access policy that requires MFA (in a real tenant, each context's policies say what it needs).
AUTH_CONTEXT_ID = re.compile(r"c[1-9][0-9]?")


class StepUpError(ValueError):
    """The request carries a step-up parameter that cannot be understood (``invalid_request``)."""


@dataclass(frozen=True)
class AcrRequest:
    """The ``acr`` values a client asked for, in order of preference, and whether essentially
    (a ``claims`` request with ``"essential": true``) or voluntarily (``acr_values``)."""

    values: tuple[str, ...] = ()
    essential: bool = False


@dataclass(frozen=True)
class StepUp:
    mfa: bool = False
    max_age: int | None = None
    force_login: bool = False
    reasons: tuple[str, ...] = field(default=())
    acr: AcrRequest = field(default_factory=AcrRequest)
    # Authentication contexts asked for (claims: acrs), each requiring MFA here.
    auth_contexts: tuple[str, ...] = ()


def acr_answer(request: AcrRequest, *, has_mfa: bool) -> str | None:
    """The ``acr`` of the token for a sign-in that did (or did not) do MFA; None when an
    essential request cannot be met.

    OpenID Connect Core 1.0, 5.5.1.1: for an essential ``acr`` with values the answer MUST be one
    of them, and if none can be met the authentication has failed (the authorize endpoint then
    answers ``unmet_authentication_requirements``, OpenID Connect Core Error Code
    unmet_authentication_requirements 1.0). Voluntarily asked values (``acr_values``, a claims
    request without ``essential``) are honoured in order of preference when satisfied, else the
    session's own acr is returned. So an MFA sign-in asked for ``mfa`` or the PAPE policy says
    that value, never Entra's generic "1".
    """

    def satisfied(value: str) -> bool:
        return value == ACR_SIGNED_IN or (value in MFA_ACR_VALUES and has_mfa)

    for value in request.values:
        if satisfied(value):
            return value
    if request.values and request.essential:
        return None
    return ACR_SIGNED_IN


def _words(value: str | None) -> set[str]:
    return set((value or "").split())


# A claims request is a handful of members; anything larger is not one (and deeply nested JSON
# would exhaust the parser's recursion).
MAX_CLAIMS_LENGTH = 4096


def _requested_values(spec: Any) -> tuple[list[str], bool]:
    """The values a claim request asks for (``value`` or ``values``), and whether essentially."""
    if not isinstance(spec, Mapping):
        return [], False  # null means "voluntary claim with no value asked"
    values = spec.get("values")
    if values is None and "value" in spec:
        values = [spec["value"]]
    if values is not None and not isinstance(values, list):
        raise StepUpError("claims: 'values' must be a list")
    if values and not all(isinstance(v, str) for v in values):
        raise StepUpError("claims: 'value' and 'values' of amr, acr and acrs must be strings")
    return list(values or ()), spec.get("essential") is True


def _claim_demands_mfa(spec: Any, accepted: Iterable[str]) -> bool:
    values, _ = _requested_values(spec)
    return any(v in accepted for v in values)


@dataclass(frozen=True)
class _ClaimsRequest:
    demands_mfa: bool = False
    acr: AcrRequest = field(default_factory=AcrRequest)
    auth_contexts: tuple[str, ...] = ()


def _parse_claims(raw: str) -> _ClaimsRequest:
    if len(raw) > MAX_CLAIMS_LENGTH:
        raise StepUpError(f"claims is longer than {MAX_CLAIMS_LENGTH} characters")
    try:
        claims = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise StepUpError("claims is not valid JSON") from exc
    if not isinstance(claims, dict):
        raise StepUpError("claims must be a JSON object")
    demands = False
    acr = AcrRequest()
    contexts: list[str] = []
    for member in ("id_token", "userinfo", "access_token"):
        requested = claims.get(member, {})
        if requested is None:
            continue
        if not isinstance(requested, dict):
            raise StepUpError(f"claims.{member} must be a JSON object")
        demands |= _claim_demands_mfa(requested.get("amr"), MFA_AMR_VALUES)
        demands |= _claim_demands_mfa(requested.get("acr"), MFA_ACR_VALUES)
        if member == "id_token":
            # 5.5.1.1 is about the ID token's acr; the token endpoint answers the same acr in
            # the access token.
            values, essential = _requested_values(requested.get("acr"))
            acr = AcrRequest(values=tuple(values), essential=essential and bool(values))
        if member != "userinfo":
            # Entra documents the access_token member (a resource's claims challenge); an
            # ID token's consumer, like the portal, asks in id_token. Either gets both tokens.
            values, _ = _requested_values(requested.get("acrs"))
            for value in values:
                if AUTH_CONTEXT_ID.fullmatch(value) and value not in contexts:
                    contexts.append(value)
    return _ClaimsRequest(
        demands_mfa=demands or bool(contexts), acr=acr, auth_contexts=tuple(contexts)
    )


def parse_stepup(params: Mapping[str, str]) -> StepUp:
    reasons = []
    if _words(params.get("amr_values")) & MFA_AMR_VALUES:
        reasons.append("amr_values")
    if _words(params.get("acr_values")) & MFA_ACR_VALUES:
        reasons.append("acr_values")
    claims = _parse_claims(params["claims"]) if params.get("claims") else _ClaimsRequest()
    if claims.demands_mfa:
        reasons.append("claims")
    acr = claims.acr
    if not acr.values:
        # acr_values asks voluntarily, in order of preference (OIDC Core 3.1.2.1).
        acr = AcrRequest(values=tuple((params.get("acr_values") or "").split()))
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
        acr=acr,
        auth_contexts=claims.auth_contexts,
    )
