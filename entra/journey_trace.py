"""The mock Entra ID's own steps of one authorization request, for the portal's journey trace.

A relying party sees only the redirect it sent and the token it got back; what the identity
provider decided in between (the tenant's policy, the sign-in, MFA registration and
verification, a federation hand-off) happens on another origin. This module keeps those steps
for one authorization request, keyed by (client_id, state), and the QA API hands them to the
portal (``GET /qa/trace``), which shows them in order between its redirect and the token.

Recorded at one place only, the authorize wrapper (``entra.views.oidc``), once per pass: the
browser comes back to the authorize endpoint after each page it was sent to (sign-in,
registration, verification, a federated IdP), and what happened there is read from the
session's authentication log (allauth's records) and the user's MFA methods, so the pages that
do the work stay untouched. The steps live in the cache (shared by every worker) for an hour:
long enough for any journey, short enough that nothing piles up.

Never recorded: codes (authorization, TOTP, recovery), passwords, secrets, the ``state`` itself
(only its hash is the cache key), tokens. Steps carry their one-line text in every language of
the site, so the portal can show them in the visitor's language without knowing our catalog.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from config.idpkit.allauth_internals import get_authentication_records
from config.idpkit.client_redirect import ClientTarget
from entra import federation, third_party_mfa
from entra.internal.interaction import mfa_due, mfa_prompt
from entra.internal.signin_state import SignInState, signin_state
from entra.internal.stepup import StepUp
from entra.models import GrantLink, Tenant, User
from entra.services import token_hash

# One journey's steps are a handful per pass; a request bounced around forever stays bounded.
MAX_EVENTS = 60
TRACE_TTL = 3600  # seconds
_KEY_PREFIX = "entra:journey-trace:"

# The step-up parameters worth showing (values are not secrets; state, nonce and the PKCE
# challenge are left out altogether).
_REQUEST_PARAMS = ("amr_values", "acr_values", "claims", "prompt", "max_age", "login_hint")


def _key(client_id: str, state: str) -> str:
    # The state is the client's secret binding of request to answer: only its hash is stored.
    digest = hashlib.sha256(f"{client_id}\x00{state}".encode()).hexdigest()
    return f"{_KEY_PREFIX}{digest}"


def _in_every_language(text: Callable[[], str]) -> dict[str, str]:
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text())
    return texts


def _event(kind: str, text: Callable[[], str], details: dict[str, Any] | None = None) -> dict:
    return {
        "at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "kind": kind,
        "text": _in_every_language(text),
        "details": details or {},
    }


def trace_events(*, client_id: str, state: str) -> list[dict]:
    """The steps recorded for the authorization request (client_id, state), oldest first."""
    entry = cache.get(_key(client_id, state))
    return list(entry["events"]) if isinstance(entry, dict) else []


def trace_events_append(*, client_id: str, state: str, events: list[dict], seen: float) -> None:
    """Append ``events`` to the request's steps; ``seen`` is when this pass looked.

    Read-modify-write without a lock: the passes of one authorization request come one after
    another from one browser, and a lost step would cost only a line of a trace.
    """
    key = _key(client_id, state)
    entry = cache.get(key)
    if not isinstance(entry, dict):
        entry = {"events": [], "seen": 0.0}
    entry["events"] = [*entry["events"], *events][-MAX_EVENTS:]
    entry["seen"] = seen
    cache.set(key, entry, TRACE_TTL)


def _amr(amr: tuple[str, ...] | list[str]) -> str:
    return ", ".join(amr)


_METHOD_LABELS = {
    "totp": lambda: _("an authenticator app code (TOTP)"),
    "recovery_codes": lambda: _("a recovery code"),
    "webauthn": lambda: _("a passkey or security key"),
    "sms": lambda: _("a code sent by SMS"),
    "voice": lambda: _("a code given by a voice call"),
    "hardware_oath": lambda: _("a hardware OATH token's code"),
}


def _method_label(kind: str) -> str:
    label = _METHOD_LABELS.get(kind)
    return str(label()) if label else kind


def _record_event(record: dict[str, Any], user: User) -> dict | None:
    """One step of allauth's authentication log, described (never its secrets: it has none,
    but only the fields named here are copied)."""
    method = record.get("method")
    if method == "password":
        return _event(
            "idp_password",
            lambda: _("Password sign-in of %(upn)s (amr: pwd)") % {"upn": user.email},
            {"method": "password", "upn": user.email},
        )
    if method == "socialaccount":
        return _event(
            "idp_federation",
            lambda: _(
                "Back from the federated identity provider with its signed ID token for "
                "%(upn)s (amr: fed)"
            ) % {"upn": user.email},
            {"method": "federated", "upn": user.email},
        )
    if method == federation.RECORD_METHOD:
        behavior = user.tenant.federated_idp_mfa_behavior if user.tenant else ""
        did, counts = bool(record.get("idp_did_mfa")), bool(record.get("mfa_counts"))

        def text() -> str:
            said = _("did MFA") if did else _("did no MFA")
            verdict = _("it counts (amr: mfa)") if counts else _("it does not count as MFA")
            return _(
                "The federated identity provider %(said)s; under federatedIdpMfaBehavior = "
                "%(behavior)s %(verdict)s"
            ) % {"said": said, "behavior": behavior, "verdict": verdict}

        return _event(
            "idp_federation_mfa", text,
            {"idp_did_mfa": did, "mfa_counts": counts, "federatedIdpMfaBehavior": behavior},
        )
    if method == third_party_mfa.RECORD_METHOD:
        integration = str(record.get("integration", ""))
        counts = third_party_mfa.counts_as_mfa(integration)
        product = str(record.get("product", ""))

        def text() -> str:
            known = integration in Tenant.ThirdPartyMfa.values
            label = Tenant.ThirdPartyMfa(integration).label if known else integration
            verdict = (
                _("it tells Entra the method (amr: mfa)") if counts
                else _("it never tells Entra the method: amr learns nothing")
            )
            return _("Third-party MFA passed (%(product)s, %(integration)s): %(verdict)s") % {
                "product": product, "integration": label, "verdict": verdict,
            }

        return _event(
            "idp_third_party_mfa", text,
            {"product": product, "integration": integration, "counts_as_mfa": counts},
        )
    if method == "mfa":
        kind = str(record.get("type", ""))
        return _event(
            "idp_mfa_verification",
            lambda: _("MFA verified with %(method)s (amr: mfa)") % {"method": _method_label(kind)},
            {"method": kind},
        )
    return None


def _registrations(user: User, since: float) -> list[tuple[float, dict]]:
    created = Authenticator.objects.filter(
        user=user, created_at__gt=datetime.fromtimestamp(since, tz=UTC)
    ).exclude(type=Authenticator.Type.RECOVERY_CODES)
    return [
        (
            authenticator.created_at.timestamp(),
            _event(
                "idp_mfa_registration",
                lambda kind=authenticator.type: _(
                    "MFA method registered: %(method)s; recovery codes issued"
                ) % {"method": _method_label(kind)},
                {"method": authenticator.type},
            ),
        )
        for authenticator in created
    ]


def _request_event(target: ClientTarget, stepup: StepUp, params) -> dict:
    shown = {name: params[name] for name in _REQUEST_PARAMS if params.get(name)}

    def text() -> str:
        if stepup.mfa:
            return _("Authorization request from %(client)s: step-up asked by %(reasons)s") % {
                "client": target.client.name, "reasons": ", ".join(
                    f"{reason}={params.get(reason)}" if reason != "claims" else reason
                    for reason in stepup.reasons
                ),
            }
        return _("Authorization request from %(client)s: no MFA asked") % {
            "client": target.client.name
        }

    return _event(
        "idp_request", text,
        {"client_id": target.client.id, "parameters": shown, "mfa_requested": stepup.mfa},
    )


def _policy_event(user: User, state: SignInState, stepup: StepUp, prompt: str | None) -> dict:
    """The tenant's policy decision for this pass: is MFA due, and where it happens."""
    tenant = user.tenant
    due = mfa_due(user, requested=stepup.mfa)

    def text() -> str:
        reasons = []
        if stepup.mfa:
            asked = ", ".join(stepup.reasons)
            reasons.append(_("step-up asked by %(reasons)s") % {"reasons": asked})
        if tenant is not None and tenant.requires_mfa_at_sign_in:
            reasons.append(_("%(tenant)s requires MFA at every sign-in") % {"tenant": tenant.name})
        if not due:
            return _(
                "%(tenant)s asks no MFA at sign-in and no step-up was asked: no MFA"
            ) % {"tenant": tenant.name if tenant else "-"}
        outcome = {
            None: lambda: _("this sign-in already did MFA (amr = [%(amr)s]): no prompt")
            % {"amr": _amr(state.amr)},
            "entra:mfa_register": lambda: _("no method registered: registration"),
            "mfa_reauthenticate": lambda: _("a method is registered: verification"),
            "entra:third_party_mfa": lambda: _("the tenant's MFA is a third party's: its prompt"),
            "entra:federation_mfa": lambda: _(
                "enforceMfaByFederatedIdp: back to the federated identity provider for MFA"
            ),
        }.get(prompt, lambda: _("MFA at %(page)s") % {"page": prompt})()
        return "; ".join([*map(str, reasons), str(outcome)])

    return _event(
        "idp_policy", text,
        {
            "tenant": tenant.name if tenant else None,
            "mfa_due": due,
            "step_up_requested": list(stepup.reasons),
            "tenant_requires_mfa": bool(tenant and tenant.requires_mfa_at_sign_in),
            "session_amr": list(state.amr),
            "next": prompt or "code",
        },
    )


def _answer_event(target: ClientTarget, location: str) -> dict | None:
    """The answer sent back to the client: a code (its value never recorded) or an error."""
    parts = urlsplit(location)
    params = {**parse_qs(parts.query), **parse_qs(parts.fragment)}
    if "code" in params:
        link = GrantLink.objects.filter(
            kind=GrantLink.Kind.CODE, token_hash=token_hash(params["code"][0])
        ).select_related("sign_in").first()
        if link is None:
            return None
        sign_in = link.sign_in
        return _event(
            "idp_code",
            lambda: _(
                "Authorization code issued to %(client)s: its tokens say amr = [%(amr)s], "
                "acr = %(acr)s"
            ) % {"client": target.client.name, "amr": _amr(sign_in.amr), "acr": sign_in.acr},
            {
                "amr": list(sign_in.amr), "acr": sign_in.acr, "acrs": list(sign_in.acrs),
                "auth_time": int(sign_in.auth_time.timestamp()),
            },
        )
    if "error" in params:
        error = params["error"][0][:100]
        description = params.get("error_description", [""])[0][:300]
        return _event(
            "idp_error",
            lambda: _("Answered the client with error=%(error)s: %(description)s") % {
                "error": error, "description": description,
            },
            {"error": error, "error_description": description},
        )
    return None


def authorize_pass_record(
    *, request: HttpRequest, target: ClientTarget, stepup: StepUp, response: HttpResponse
) -> None:
    """Record what this pass through the authorize endpoint found and decided.

    The authorize wrapper calls this once per GET, after it has answered; a request without a
    ``state`` (allowed by OAuth, never sent so by the portal) cannot be looked up later and is
    not recorded.
    """
    if not target.state:
        return
    now = time.time()
    entry = cache.get(_key(target.client.id, target.state))
    first = not isinstance(entry, dict)
    seen = 0.0 if first else float(entry.get("seen", 0.0))
    events: list[dict] = []
    if first:
        events.append(_request_event(target, stepup, request.GET))
    user = request.user
    state = None
    if user.is_authenticated:
        state = signin_state(request, user)
        if first:
            if state.amr:
                events.append(_event(
                    "idp_session",
                    lambda: _("Already signed in at the identity provider (amr = [%(amr)s])")
                    % {"amr": _amr(state.amr)},
                    {"session_amr": list(state.amr)},
                ))
        else:
            timed = [
                (float(record.get("at", 0)), event)
                for record in get_authentication_records(request, user)
                if float(record.get("at", 0)) > seen
                and (event := _record_event(record, user)) is not None
            ]
            timed += _registrations(user, seen)
            events += [event for _at, event in sorted(timed, key=lambda pair: pair[0])]
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    path = urlsplit(location).path
    if location.startswith(target.redirect_uri):
        if state is not None and "code=" in location:
            events.append(_policy_event(user, state, stepup, None))
        if (answer := _answer_event(target, location)) is not None:
            events.append(answer)
    elif path == reverse("account_login"):
        events.append(_event(
            "idp_sign_in", lambda: _("Not signed in at the identity provider: to the sign-in page")
        ))
    elif path in (reverse("account_reauthenticate"), reverse("entra:federation_signin")):
        events.append(_event(
            "idp_fresh_sign_in",
            lambda: _("A fresh sign-in was asked (prompt=login or max_age): credentials again"),
            {"prompt": request.GET.get("prompt", ""), "max_age": request.GET.get("max_age", "")},
        ))
    elif state is not None and location:
        prompt = mfa_prompt(user, state) if mfa_due(user, requested=stepup.mfa) else None
        events.append(_policy_event(user, state, stepup, prompt))
    trace_events_append(
        client_id=target.client.id, state=target.state, events=events, seen=now
    )
