"""The MFA step-up round trip, from the page that needs MFA to the provider and back.

Why one module: the round trip has three ends (the access policy that asks for MFA, the view
that sends the browser to the provider, the callback that reads the answer), and they used to
agree through loose strings (session keys, a query parameter). Here the step-up's marker, the
parameters sent to the provider and what came back are private; the other ends use this API:

- ``sign_in_url(next_path)`` and ``stepup_url(next_path)``: where to send the browser;
- ``requested(request)`` and ``authorize_params(identity)``: for the authentication request view;
- ``record_outcome(request, next_url=..., outcome=...)`` and ``forget_outcomes(request)``: for the
  callback, once the provider answered;
- ``outcome_for(request, path)``: for the access policy, which explains an outcome rather than
  sending the browser straight back to the provider (that would loop).

An outcome belongs to the part of the portal the step-up was asked for: the first URL
namespace of the page, which is what the access policy calls an area. A cancelled MFA for
Billing says nothing about Customers, so Customers still asks the provider itself.

How the provider is asked depends on ``OIDC_STEPUP`` (``accounts.conf.StepUpStrategy``):
``amr_values=mfa``, a ``claims`` request for an authentication context (``acrs``), or a fresh
sign-in (``prompt=login``, ``max_age=0``). What counts as MFA in the answer is decided in one
place only, ``accounts.identity`` (``PartnerIdentity.has_mfa``); this module asks it.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse

from accounts import conf
from accounts.conf import StepUpStrategy
from accounts.identity import PartnerIdentity

# The query parameter that turns a sign-in request into a step-up. Part of the step-up URL,
# which the portal's pages link to (a "try again" button), so its value is stable.
_MARKER = ("stepup", "mfa")

# Outcomes recorded for this session, by scope: {scope: {"kind": ..., ...}} (JSON-serialisable).
_SESSION_KEY = "accounts_stepup_outcomes"

# What is kept of a provider's error: enough to show, not enough to fill a session.
_MAX_ERROR = 100
_MAX_DESCRIPTION = 500


class Outcome(enum.StrEnum):
    """How a step-up round trip ended."""

    DONE = "done"  # the provider's token carries MFA: every area that needs MFA opens
    DECLINED = "declined"  # the provider answered with an error, e.g. the user cancelled MFA
    # A token came back, but its amr has no MFA: the sign-in's MFA is one that Microsoft Entra
    # ID does not recognise (e.g. a Conditional Access custom control). Asking again gives the
    # same answer until the tenant changes, so the portal must not ask again by itself.
    WITHOUT_MFA = "without_mfa"


@dataclass(frozen=True)
class StepUpOutcome:
    kind: Outcome
    amr: tuple[str, ...] = ()  # the token's amr (DONE, WITHOUT_MFA)
    error: str = ""  # the provider's error code (DECLINED)
    description: str = ""  # the provider's error_description (DECLINED)
    acrs: tuple[str, ...] = ()  # the token's authentication contexts (DONE, WITHOUT_MFA)

    @classmethod
    def from_token(cls, identity: PartnerIdentity) -> StepUpOutcome:
        """The outcome of a step-up answered with a verified token for ``identity``."""
        kind = Outcome.DONE if identity.has_mfa else Outcome.WITHOUT_MFA
        return cls(kind=kind, amr=identity.amr, acrs=identity.acrs)

    @classmethod
    def from_provider_error(cls, error: str, description: str = "") -> StepUpOutcome:
        """The outcome of a step-up answered with an OAuth ``error`` (RFC 6749 4.1.2.1)."""
        return cls(
            kind=Outcome.DECLINED,
            error=error[:_MAX_ERROR],
            description=description[:_MAX_DESCRIPTION],
        )

    def _to_session(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value, "amr": list(self.amr), "acrs": list(self.acrs),
            "error": self.error, "description": self.description,
        }

    @classmethod
    def _from_session(cls, data: Any) -> StepUpOutcome | None:
        try:
            return cls(
                kind=Outcome(data["kind"]),
                amr=tuple(str(method) for method in data.get("amr", ())),
                acrs=tuple(str(context) for context in data.get("acrs", ())),
                error=str(data.get("error", "")),
                description=str(data.get("description", "")),
            )
        except (TypeError, KeyError, ValueError, AttributeError):
            return None  # written by another release: as if nothing was recorded


def sign_in_url(next_path: str) -> str:
    """Where a signed-out browser starts signing in, to come back to ``next_path``."""
    return f"{reverse('oidc:authenticate')}?{urlencode({'next': next_path})}"


def stepup_url(next_path: str) -> str:
    """Where a signed-in browser starts a step-up (MFA), to come back to ``next_path``."""
    query = urlencode({"next": next_path, _MARKER[0]: _MARKER[1]})
    return f"{reverse('oidc:authenticate')}?{query}"


def requested(request: HttpRequest) -> bool:
    """Whether this authentication request is a step-up: asked for, by someone signed in.

    Signed out, there is nobody to step up: the request is an ordinary sign-in.
    """
    return (
        request.GET.get(_MARKER[0]) == _MARKER[1]
        and getattr(request, "identity", None) is not None
    )


def authorize_params(identity: PartnerIdentity) -> dict[str, str]:
    """What a step-up adds to the provider's authorization request, by ``OIDC_STEPUP``.

    - ``amr_values=mfa``: what Partner Center sends to Entra's (v1) authorize endpoint;
    - ``auth_context``: an essential ``acrs`` claim with the context's id (OIDC Core 5.5),
      which makes Entra apply the Conditional Access policies bound to that context;
    - ``reauthenticate``: ``prompt=login`` and ``max_age=0`` (both, as providers honour one or
      the other): a fresh sign-in, which brings MFA only where the tenant asks for it at every
      sign-in.

    The hint keeps the step-up on the account that is already signed in. Raises
    ``accounts.conf.ConfigurationError`` for an unusable setting.
    """
    strategy = conf.stepup_strategy()
    if strategy is StepUpStrategy.AUTH_CONTEXT:
        acrs = {"essential": True, "value": conf.auth_context()}
        params = {"claims": json.dumps({"id_token": {"acrs": acrs}}, separators=(",", ":"))}
    elif strategy is StepUpStrategy.REAUTHENTICATE:
        params = {"prompt": "login", "max_age": "0"}
    else:
        params = {"amr_values": "mfa"}
    if identity.upn:
        params["login_hint"] = identity.upn
    return params


def record_outcome(request: HttpRequest, *, next_url: str | None, outcome: StepUpOutcome) -> None:
    """Remember how the step-up asked for ``next_url`` ended (the callback calls this).

    DONE forgets every outcome: the session's token now has MFA, which opens every area. The
    others are kept for the area of ``next_url`` only (replacing what was there); a step-up that
    asked for no page of an area has nothing to explain later.
    """
    if outcome.kind is Outcome.DONE:
        forget_outcomes(request)
        return
    scope = _scope(next_url)
    if scope is None:
        return
    stored = request.session.get(_SESSION_KEY)
    outcomes = dict(stored) if isinstance(stored, dict) else {}
    outcomes[scope] = outcome._to_session()
    request.session[_SESSION_KEY] = outcomes


def forget_outcomes(request: HttpRequest) -> None:
    """Forget every outcome: a new sign-in replaced the token they were about."""
    request.session.pop(_SESSION_KEY, None)


def outcome_for(request: HttpRequest, path: str) -> StepUpOutcome | None:
    """How the latest step-up for the area of ``path`` ended, or None if none is to explain.

    DECLINED is explained once: reading it forgets it, so that reloading the page is a retry.
    WITHOUT_MFA stays until a token with MFA arrives or a new sign-in replaces the token: asking
    the provider again by itself would only loop.
    """
    scope = _scope(path)
    outcomes = request.session.get(_SESSION_KEY) or {}
    if scope is None or not isinstance(outcomes, dict) or scope not in outcomes:
        return None
    outcome = StepUpOutcome._from_session(outcomes[scope])
    if outcome is None or outcome.kind is not Outcome.WITHOUT_MFA:
        remaining = {key: value for key, value in outcomes.items() if key != scope}
        if remaining:
            request.session[_SESSION_KEY] = remaining
        else:
            forget_outcomes(request)
    return outcome


def _scope(path: str | None) -> str | None:
    """The area a page belongs to: the first namespace of its URL (None: no area)."""
    if not path:
        return None
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.namespaces[0] if match.namespaces else None
