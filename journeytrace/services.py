"""Writing the journey trace: one step per decision, for the browser session that made it.

``trace_step_record`` is the one writer; every step goes through ``redaction.redacted`` first.
The other functions are the hooks of the portal's existing code, one call each, so that the
wording and what is kept live here:

- ``trace_policy_decision_record``: ``portal.middleware.AccessPolicyMiddleware`` (an area's
  decision: open, sign-in, step-up, refused);
- ``trace_authorization_request_record``: ``accounts.views.AuthenticationRequestView`` (the
  redirect to the identity provider, with its step-up parameters);
- ``trace_callback_record``: ``accounts.views.CallbackView`` (the IdP's own steps, its error or
  the ID token, decoded, and the portal's decision on it).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import conf
from accounts.conf import MfaClaim
from accounts.identity import PartnerIdentity, portal_mfa_rule
from journeytrace import idp
from journeytrace.models import TraceStep
from journeytrace.redaction import jwt_decoded, redacted
from portal.policy import Area, Decision, Role

# The browser holds only the id of its trace, in a cookie of its own (see TraceStep's docstring);
# the steps are rows. A browser-session cookie: the trace ends when the browser closes.
COOKIE_NAME = "pc_trace"
_NEW_ID_ATTRIBUTE = "_journeytrace_new_id"
_JOURNEY_ID = re.compile(r"[A-Za-z0-9_-]{22}")
# The newest steps of a session are kept; older ones go (a trainer clicking around all day).
MAX_STEPS = 200
# Step kinds the display groups by: a redirect to the IdP starts a new "latest journey".
KIND_REDIRECT = "portal_redirect"
KIND_TOKEN = "portal_token"  # noqa: S105 (a step kind, not a secret)

Text = Callable[[], str]


def _in_every_language(text: Text) -> dict[str, str]:
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text())
    return texts


def journey_id(request: HttpRequest) -> str | None:
    """This browser's trace id: its cookie's, or the one this request has just created."""
    new = getattr(request, _NEW_ID_ATTRIBUTE, None)
    if new:
        return new
    value = request.COOKIES.get(COOKIE_NAME, "")
    return value if _JOURNEY_ID.fullmatch(value) else None


def journey_cookie_set(*, request: HttpRequest, response: HttpResponse) -> None:
    """Hand a trace id created by this request to the browser
    (``journeytrace.middleware.JourneyTraceCookieMiddleware``)."""
    new = getattr(request, _NEW_ID_ATTRIBUTE, None)
    if new:
        response.set_cookie(
            COOKIE_NAME, new, httponly=True, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )


def _journey(request: HttpRequest) -> str:
    """This browser's trace id, created (and stale steps of ended traces purged) once."""
    journey = journey_id(request)
    if journey:
        return journey
    journey = secrets.token_urlsafe(16)
    setattr(request, _NEW_ID_ATTRIBUTE, journey)
    # Browsers close without telling anyone: steps go once no session could still show them.
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    TraceStep.objects.filter(recorded_at__lt=cutoff).delete()
    return journey


def _store(
    request: HttpRequest, *, source: str, kind: str, text: dict[str, str], details: dict
) -> TraceStep:
    journey = _journey(request)
    step = TraceStep.objects.create(
        journey=journey, source=source, kind=kind[:40],
        # Redaction of the whole step, text included: an IdP's text is not ours to trust.
        text=redacted(text), details=redacted(details),
    )
    cutoff = (
        TraceStep.objects.filter(journey=journey).order_by("-id")
        .values_list("id", flat=True)[MAX_STEPS:MAX_STEPS + 1]
    )
    if cutoff:
        TraceStep.objects.filter(journey=journey, id__lte=cutoff[0]).delete()
    return step


def trace_step_record(
    *, request: HttpRequest, kind: str, rule: Text, details: dict[str, Any] | None = None
) -> TraceStep:
    """Append a portal step to this browser session's trace.

    ``rule`` returns the step's one line citing the rule; it is called once per language of the
    site, so it must translate (``gettext``) inside. ``details`` may hold anything JSON-like:
    secrets in it are redacted (``journeytrace.redaction``) before anything is stored.
    """
    return _store(
        request, source=TraceStep.Source.PORTAL, kind=kind, text=_in_every_language(rule),
        details=details or {},
    )


def journey_rotate(*, request: HttpRequest) -> None:
    """A sign-in moves the browser's steps to a new trace id (and cookie), as Django cycles the
    session key: an id planted in the browser before the sign-in (a cookie set by another
    origin of the same host: cookies ignore ports) then names none of the signed-in user's
    steps, whose tokens it would otherwise read."""
    old = journey_id(request)
    new = secrets.token_urlsafe(16)
    if old:
        TraceStep.objects.filter(journey=old).update(journey=new)
    setattr(request, _NEW_ID_ATTRIBUTE, new)


def trace_clear(*, request: HttpRequest) -> int:
    """Forget this browser's trace (the trace page's "Clear", and every sign-out: the next
    person at a shared computer must not read whose token it was)."""
    journey = journey_id(request)
    if not journey:
        return 0
    deleted, _ = TraceStep.objects.filter(journey=journey).delete()
    return deleted


def _labels(roles: Iterable[str]) -> str:
    known = {role.value: role.label for role in Role}
    return ", ".join(str(known.get(role, role)) for role in sorted(roles)) or _("none")


def _amr(identity: PartnerIdentity) -> str:
    return ", ".join(identity.amr)


def _mfa_verdict(identity: PartnerIdentity) -> str:
    rule = identity.mfa_rule
    if rule.claim is MfaClaim.ACRS:
        values = {"acrs": ", ".join(identity.acrs), "context": rule.auth_context}
        if identity.has_mfa:
            return _("acrs = [%(acrs)s] has %(context)s") % values
        return _("acrs = [%(acrs)s] lacks %(context)s") % values
    if identity.has_mfa:
        return _("amr = [%(amr)s] has mfa") % {"amr": _amr(identity)}
    return _("amr = [%(amr)s] has no mfa") % {"amr": _amr(identity)}


def trace_policy_decision_record(
    *, request: HttpRequest, area: Area | None, decision: Decision
) -> None:
    """The access policy's decision for a page of an area that needs sign-in (public pages
    decide nothing worth a line)."""
    if area is None or not area.sign_in:
        return
    identity = request.identity

    def needs() -> str:
        # Inside: the labels are translated in each language the line is written in.
        roles = ", ".join(str(label) for label in area.role_labels)
        title = str(area.title)
        if area.mfa and roles:
            return _("%(area)s needs MFA and one of %(roles)s") % {"area": title, "roles": roles}
        if area.mfa:
            return _("%(area)s needs MFA") % {"area": title}
        return _("%(area)s needs sign-in only") % {"area": title}

    def text() -> str:
        if decision is Decision.SIGN_IN:
            return _("%(needs)s; not signed in: sign-in") % {"needs": needs()}
        if decision is Decision.STEP_UP:
            return _("%(needs)s; %(verdict)s: step-up") % {
                "needs": needs(), "verdict": _mfa_verdict(identity),
            }
        if decision is Decision.FORBIDDEN:
            return _("%(needs)s; roles = %(roles)s: refused (403)") % {
                "needs": needs(), "roles": _labels(identity.roles if identity else ()),
            }
        if area.mfa:
            return _("%(needs)s; %(verdict)s, roles = %(roles)s: open") % {
                "needs": needs(), "verdict": _mfa_verdict(identity),
                "roles": _labels(identity.roles),
            }
        return _("%(needs)s: open") % {"needs": needs()}

    details: dict[str, Any] = {
        "area": area.namespace, "path": request.path, "decision": decision.value,
        "mfa_required": area.mfa,
        "roles_allowed": sorted(area.roles) if area.roles is not None else None,
    }
    if identity is not None:
        details |= {"amr": list(identity.amr), "acrs": list(identity.acrs),
                    "roles": sorted(identity.roles), "mfa": identity.has_mfa}
    if _repeats_latest_decision(request, details):
        return
    trace_step_record(request=request, kind="portal_policy", rule=text, details=details)


def _repeats_latest_decision(request: HttpRequest, details: dict[str, Any]) -> bool:
    """Whether the trace's latest step is this same decision (same area, verdict, claims) for
    another page of the area: browsing within an area adds nothing to "why was I asked?", and
    a line per page would push the sign-in's steps out of the kept ones (and cost a write on
    every page)."""
    journey = journey_id(request)
    if not journey:
        return False
    latest = TraceStep.objects.filter(journey=journey).order_by("-id").only(
        "kind", "details"
    ).first()
    if latest is None or latest.kind != "portal_policy":
        return False
    ignore = {"path"}
    return {k: v for k, v in latest.details.items() if k not in ignore} == {
        k: v for k, v in details.items() if k not in ignore
    }


_STEPUP_WHY = {
    "amr_values": lambda: _(
        "OIDC_STEPUP = amr_values: amr_values=mfa, what Partner Center sends to Entra's v1 "
        "authorize endpoint"
    ),
    "auth_context": lambda: _(
        "OIDC_STEPUP = auth_context: a claims request for an authentication context in acrs, "
        "whose Conditional Access policy requires MFA"
    ),
    "reauthenticate": lambda: _(
        "OIDC_STEPUP = reauthenticate: prompt=login and max_age=0, a fresh sign-in (MFA only "
        "where the tenant asks for it at every sign-in)"
    ),
}
# Parameters that say what is asked (the rest: client_id, redirect_uri, scope, ...).
_STEPUP_PARAMS = ("amr_values", "acr_values", "claims", "prompt", "max_age", "login_hint")


def trace_authorization_request_record(
    *, request: HttpRequest, response: HttpResponse, stepup: bool
) -> None:
    """The browser sent to the identity provider: the authorize URL's parameters (``state``,
    ``nonce`` and ``code_challenge`` only as "present") and, for a step-up, which strategy."""
    location = response.get("Location", "")
    if response.status_code not in (301, 302, 303) or not location:
        return
    parts = urlsplit(location)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    asked = ", ".join(f"{name}={params[name]}" for name in _STEPUP_PARAMS if params.get(name))
    strategy = conf.stepup_strategy().value if stepup else None

    def text() -> str:
        if stepup:
            why = _STEPUP_WHY.get(strategy, lambda: strategy)()
            return _("To the identity provider for a step-up: %(asked)s (%(why)s)") % {
                "asked": asked, "why": why,
            }
        if asked:
            return _("To the identity provider for sign-in: %(asked)s") % {"asked": asked}
        return _("To the identity provider for sign-in (no step-up parameters)")

    trace_step_record(
        request=request, kind=KIND_REDIRECT, rule=text,
        details={
            "authorization_endpoint": f"{parts.scheme}://{parts.netloc}{parts.path}",
            "parameters": params, "step_up": stepup, "strategy": strategy,
        },
    )


def _idp_steps_record(request: HttpRequest, *, state: str) -> None:
    events = idp.idp_trace_fetch(state=state)
    if events is None:
        trace_step_record(
            request=request, kind="idp_not_visible",
            rule=lambda: _(
                "The identity provider's own steps are not visible (not the mock)"
            ),
        )
        return
    for event in events:
        _store(
            request, source=TraceStep.Source.IDP, kind=event["kind"], text=event["text"],
            details={**event["details"], "at": event["at"]},
        )


def _token_steps_record(request: HttpRequest, *, user, stepup: bool) -> None:
    claims = dict(user.verified_claims)
    decoded = jwt_decoded(user.id_token or "") or {}
    in_token = decoded.get("payload", {})
    # Claims the ID token lacked and the userinfo endpoint completed (never security claims).
    completed = {key: value for key, value in claims.items() if key not in in_token}
    trace_step_record(
        request=request, kind=KIND_TOKEN,
        rule=lambda: _(
            "ID token from %(iss)s: amr = [%(amr)s], acr = %(acr)s; signature checked "
            "(%(alg)s), not recorded"
        ) % {
            "iss": claims.get("iss", ""), "amr": ", ".join(map(str, claims.get("amr") or ())),
            "acr": claims.get("acr", "-"), "alg": decoded.get("header", {}).get("alg", "-"),
        },
        details={"id_token": user.id_token, "userinfo_claims": completed},
    )
    identity = PartnerIdentity.from_claims(claims, mfa_rule=portal_mfa_rule())

    def decision() -> str:
        values = {"verdict": _mfa_verdict(identity), "roles": _labels(identity.roles)}
        if identity.has_mfa:
            return _("MFA counted: %(verdict)s; roles = %(roles)s") % values
        if stepup:
            return _(
                "MFA not counted: %(verdict)s after a step-up, so the MFA done is not one "
                "Entra recognises; the area stays closed; roles = %(roles)s"
            ) % values
        return _("Signed in without MFA: %(verdict)s; roles = %(roles)s") % values

    trace_step_record(
        request=request, kind="portal_token_decision", rule=decision,
        details={
            "mfa": identity.has_mfa, "rule": identity.mfa_rule.claim.value,
            "amr": list(identity.amr), "acrs": list(identity.acrs),
            "roles": sorted(identity.roles), "upn": identity.upn, "tid": identity.tenant_id,
        },
    )


def trace_callback_record(
    *, request: HttpRequest, state: str, stepup: bool, user, response: HttpResponse
) -> None:
    """The identity provider's answer: its own steps (from its QA API, when it has one), then
    its error, or the ID token (decoded, signature dropped) and the portal's decision on it."""
    _idp_steps_record(request, state=state)
    error = request.GET.get("error", "")
    if error:
        description = request.GET.get("error_description", "")[:300]
        trace_step_record(
            request=request, kind="portal_idp_error",
            rule=lambda: _("The identity provider answered error=%(error)s: %(description)s")
            % {"error": error[:100], "description": description},
            details={"error": error[:100], "error_description": description},
        )
        return
    if user is not None and getattr(user, "verified_claims", None):
        _token_steps_record(request, user=user, stepup=stepup)
        return
    trace_step_record(
        request=request, kind="portal_callback_refused",
        rule=lambda: _("The portal refused the sign-in answer (HTTP %(status)s)")
        % {"status": response.status_code},
        details={"status": response.status_code},
    )
