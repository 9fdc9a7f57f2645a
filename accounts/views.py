"""Sign-in, step-up and sign-out: mozilla-django-oidc's views, adapted.

Worked around (and why):
- Pending sign-ins (``state``, nonce, PKCE verifier, ``next``, step-up flag) live in one signed
  cookie per ``state`` (``accounts.pending_signins``), not in the session dict ``oidc_states``:
  every request writes the whole session back, so sign-ins started at the same time in one
  browser overwrote each other and most of their callbacks failed. The parent views still run;
  the request view hands the parent a scratch mapping instead of the session (so starting a
  sign-in writes no session at all), and the callback hands the parent only the pending entry
  of the ``state`` it answers.
- The request view adds the step-up's parameters (``accounts.stepup``) when a step-up is
  asked for, and refuses an off-site or overlong ``next`` with a 400 instead of silently
  dropping it.
- The callback view answers a tampered, replayed, expired or unknown ``state`` and every
  failure with a clear 4xx page (the parent raises or redirects), and an ``error`` from the
  provider no longer signs the user out: a cancelled step-up leaves the session as it was.
  How a step-up ended is handed to ``accounts.stepup``, which the access policy asks later.
- The callback checks RFC 9207's ``iss`` parameter (mozilla-django-oidc ignores it): present,
  it must be the expected issuer; required when discovery says the provider always sends it.
- A configuration mistake (``accounts.conf.ConfigurationError``: the provider's issuer is not
  the configured one, its tokens lack a claim the settings rely on, a setting has an unknown
  value) gets a page of its own naming the setting, not the "not answering" outage page.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.backends.base import UpdateError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
    get_next_url,
)

from accounts import pending_signins, stepup
from accounts.backends import TokenRequestFailed
from accounts.conf import ConfigurationError, MfaClaim
from accounts.identity import CLAIMS_SESSION_KEY, PartnerIdentity, portal_mfa_rule
from accounts.pending_signins import PendingSignIn
from accounts.provider import ID_TOKEN_SESSION_KEY, ProviderUnavailable, provider_metadata
from accounts.signals import identity_verified
from accounts.stepup import StepUpOutcome
from accounts.tokens import InvalidIdToken
from accounts.userinfo import InvalidUserInfo
from journeytrace import services as journeytrace

# mozilla-django-oidc's session keys: pending states, and `next` of the latest start.
STATES_SESSION_KEY = "oidc_states"
NEXT_SESSION_KEY = "oidc_login_next"


def signin_error(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "accounts/signin_error.html", {"message": message}, status=status)


def configuration_error(request: HttpRequest, error: ConfigurationError) -> HttpResponse:
    """The page for a sign-in that cannot work as configured, naming the setting to change.

    Not a 500: nothing crashed, and the page is the portal's considered answer. 502 Bad
    Gateway when the provider's answer does not fit the settings (RFC 9110 15.6.3: the
    portal, acting for the browser, got an answer from the upstream server it cannot use),
    503 Service Unavailable when a setting of the portal's own is unusable (sign-in is
    unavailable until an operator changes it). Neither carries Retry-After: waiting does not
    fix configuration, unlike the outage page's 503.
    """
    status = HTTPStatus.BAD_GATEWAY if error.upstream else HTTPStatus.SERVICE_UNAVAILABLE
    return render(
        request, "accounts/configuration_error.html",
        {"message": str(error), "setting": error.setting}, status=status,
    )


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    """Start a sign-in (or a step-up, ``accounts.stepup.stepup_url``) at the identity provider."""

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads the authorization endpoint from settings here; ours comes from
        # discovery in get(), where an unreachable provider can be answered with a page.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        next_url = request.GET.get("next")
        if next_url and get_next_url(request, "next") is None:
            return signin_error(
                request, _("The address to return to after sign-in is not on this site."),
                status=HTTPStatus.BAD_REQUEST,
            )
        if next_url and len(next_url) > pending_signins.MAX_NEXT_LENGTH:
            return signin_error(
                request, _("The address to return to after sign-in is too long."),
                status=HTTPStatus.BAD_REQUEST,
            )
        try:
            self.stepup_params = {
                **_hint_params(request),
                **(stepup.authorize_params(request.identity) if stepup.requested(request) else {}),
            }
            self.OIDC_OP_AUTH_ENDPOINT = provider_metadata().authorization_endpoint
        except ConfigurationError as exc:  # before ProviderUnavailable: a subclass is both
            return configuration_error(request, exc)
        except ProviderUnavailable:
            return _provider_unavailable(request)
        # The parent writes its pending state into request.session; a session written back by
        # every start is what lost concurrent sign-ins. It gets a scratch mapping instead, and
        # what it wrote there moves into this sign-in's own cookie.
        session, scratch = request.session, {}
        request.session = scratch
        try:
            response = super().get(request)
        finally:
            request.session = session
        [(state, entry)] = scratch[STATES_SESSION_KEY].items()
        pending = PendingSignIn(
            state=state,
            nonce=entry["nonce"],
            code_verifier=entry["code_verifier"],
            next_url=scratch.get(NEXT_SESSION_KEY),
            stepup=stepup.requested(request),
            started_at=entry["added_on"],
        )
        pending_signins.remember(request, response, pending)
        journeytrace.trace_authorization_request_record(
            request=request, response=response, stepup=pending.stepup
        )
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # Computed in get(), where a setting that cannot work is answered with its page.
        return self.stepup_params


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: a code to redeem, or an error such as a cancelled MFA."""

    pending: PendingSignIn

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        pending = pending_signins.recall(request, state)
        if pending is None:
            response = signin_error(
                request,
                _(
                    "This sign-in answer does not match a sign-in started in this browser in "
                    "the last %(minutes)s minutes, or it was already used. Start again from the "
                    "page you wanted."
                )
                % {"minutes": pending_signins.PENDING_LIFETIME // 60},
                status=HTTPStatus.BAD_REQUEST,
            )
        else:
            self.pending = pending
            response = self._answer(request)
            journeytrace.trace_callback_record(
                request=request, state=state, stepup=pending.stepup,
                user=getattr(self, "user", None), response=response,
            )
        # Single use, like the code: whatever the answer, this state cannot be answered again
        # (and a tampered cookie goes too, as it could never complete).
        pending_signins.forget(request, response, state)
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = _issuer_refused(request)
        except ConfigurationError as exc:
            return configuration_error(request, exc)
        except ProviderUnavailable:
            return _provider_unavailable(request)
        if refused is not None:
            return refused
        if request.GET.get("error"):
            return self._provider_error(request)
        if not request.GET.get("code"):
            return signin_error(
                request, _("The sign-in answer has no code."), status=HTTPStatus.BAD_REQUEST
            )
        # The parent looks the state up in the session: give it this sign-in's entry only, so
        # that nothing another sign-in left there can be redeemed with this answer.
        request.session[STATES_SESSION_KEY] = {
            self.pending.state: {
                "nonce": self.pending.nonce,
                "code_verifier": self.pending.code_verifier,
                "added_on": self.pending.started_at,
            }
        }
        try:
            return super().get(request)
        except TokenRequestFailed as exc:
            return signin_error(
                request,
                _("The identity provider refused to redeem this sign-in: %(error)s.")
                % {"error": exc},
                status=HTTPStatus.BAD_REQUEST,
            )
        except (InvalidIdToken, InvalidUserInfo) as exc:
            return signin_error(request, str(exc), status=HTTPStatus.BAD_REQUEST)
        except ConfigurationError as exc:  # before ProviderUnavailable: a subclass is both
            return configuration_error(request, exc)
        except ProviderUnavailable:
            return _provider_unavailable(request)
        except UpdateError:
            # The parent saves the session before redeeming the code; another request of this
            # browser (a sign-out, another tab's sign-in renewing the session key) ended it in
            # between. That request's session stands: this one must not write its copy back.
            request.session.modified = False
            return signin_error(
                request,
                _(
                    "Another tab of this browser signed in or out at the same moment. Start "
                    "again from the page you wanted."
                ),
                status=HTTPStatus.CONFLICT,
            )

    @property
    def success_url(self) -> str:
        return self.pending.next_url or resolve_url(settings.LOGIN_REDIRECT_URL)

    def login_success(self) -> HttpResponse:
        claims = self.user.verified_claims
        mfa_rule = portal_mfa_rule()
        if self.pending.stepup:
            _check_mfa_claim_present(claims, mfa_rule.claim)  # before the session changes
        response = super().login_success()
        session = self.request.session
        session.pop(STATES_SESSION_KEY, None)  # the bridge's emptied entry
        session[CLAIMS_SESSION_KEY] = claims
        session[ID_TOKEN_SESSION_KEY] = self.user.id_token
        identity = PartnerIdentity.from_claims(claims, mfa_rule=mfa_rule)
        if self.pending.stepup:
            stepup.record_outcome(
                self.request, next_url=self.pending.next_url,
                outcome=StepUpOutcome.from_token(identity),
            )
        else:
            stepup.forget_outcomes(self.request)  # a new token: earlier outcomes were not about it
        identity_verified.send(sender=type(self), request=self.request, identity=identity)
        return response

    def login_failure(self) -> HttpResponse:
        return signin_error(
            self.request,
            _("The identity provider's answer did not identify a user this portal accepts."),
            status=HTTPStatus.FORBIDDEN,
        )

    def _provider_error(self, request: HttpRequest) -> HttpResponse:
        # A declined step-up's outcome; it is also what the sign-in's own page shows.
        error = StepUpOutcome.from_provider_error(
            request.GET.get("error", ""), request.GET.get("error_description", "")
        )
        if request.identity is not None:
            # Already signed in: the session stays as it was. After a step-up, back to the
            # page asked for, where the access policy explains that the area needs MFA.
            if self.pending.stepup and self.pending.next_url:
                stepup.record_outcome(request, next_url=self.pending.next_url, outcome=error)
            else:
                messages.warning(
                    request,
                    _("The identity provider did not complete the request: %(error)s.")
                    % {"error": error.error},
                )
            return HttpResponseRedirect(self.success_url)
        return render(
            request, "accounts/signin_cancelled.html",
            {"idp_error": error, "retry_url": reverse("oidc:authenticate")},
            status=HTTPStatus.UNAUTHORIZED,
        )


# RFC 5321's longest address: a longer hint is no UPN, and is dropped rather than forwarded.
MAX_LOGIN_HINT_LENGTH = 254


def _hint_params(request: HttpRequest) -> dict[str, str]:
    """``login_hint`` and ``prompt=login`` passed on to the provider (OIDC Core 3.1.2.1).

    The scenario launcher starts a persona's sign-in with both: the hint names the persona, and
    ``prompt=login`` asks for its password even if the browser has a provider session. Other
    ``prompt`` values are not passed on (``none`` would turn a sign-in into a silent check).
    """
    params = {}
    hint = request.GET.get("login_hint", "")
    if hint and len(hint) <= MAX_LOGIN_HINT_LENGTH:
        params["login_hint"] = hint
    if request.GET.get("prompt") == "login":
        params["prompt"] = "login"
    return params


def _issuer_refused(request: HttpRequest) -> HttpResponse | None:
    """RFC 9207 section 2.4: an authorization response's ``iss`` must be the issuer the
    request went to (simple string comparison), and a provider whose discovery says it always
    sends one must have sent it. Either way, a mix-up: another provider's code (or error) was
    routed to this callback. Checked before the code is redeemed or an error believed.
    """
    values = request.GET.getlist("iss")
    metadata = provider_metadata()
    if not values:
        if not metadata.authorization_response_iss_parameter_supported:
            return None
        message = _(
            "The sign-in answer does not name its issuer (iss), though the identity provider "
            "says it always does (RFC 9207). Start again from the page you wanted."
        )
    elif len(values) == 1 and values[0] == metadata.issuer:
        return None
    else:
        message = _(
            "The sign-in answer comes from another issuer (iss) than the identity provider this "
            "sign-in was started with (RFC 9207). Start again from the page you wanted."
        )
    return signin_error(request, message, status=HTTPStatus.BAD_REQUEST)


def _check_mfa_claim_present(claims: dict[str, Any], claim: MfaClaim) -> None:
    """After a step-up, a token without the claim that says MFA is a configuration mistake.

    Entra's v2.0 ID tokens never carry ``amr``: with the ``amr`` rule every step-up would end on
    the "MFA not recognised" page, blaming the user's MFA for the portal's settings. (A missing
    ``acrs`` cannot be told apart: Entra leaves it out when the context was not satisfied.)
    """
    if claim is MfaClaim.AMR and claims.get("amr") is None:
        raise ConfigurationError(
            "The identity provider answered the step-up with an ID token that has no amr claim, "
            "so the portal can never see MFA. Entra's v2.0 endpoints never send amr: use the v1 "
            "endpoints (OIDC_AUTHORITY=https://login.microsoftonline.com/<tenant-id>, "
            "OIDC_ISSUER=https://sts.windows.net/<tenant-id>/) or an authentication context "
            "(OIDC_STEPUP=auth_context).",
            setting="OIDC_STEPUP",
            upstream=True,
        )


def _provider_unavailable(request: HttpRequest) -> HttpResponse:
    return signin_error(
        request,
        _(
            "The identity provider is not answering right now. Nothing was lost; try again "
            "shortly."
        ),
        status=HTTPStatus.SERVICE_UNAVAILABLE,
    )


class LogoutView(OIDCLogoutView):
    """POST only (CSRF-protected): ends the portal session, then the provider's session."""
