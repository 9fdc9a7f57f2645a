"""Sign-in, step-up and sign-out: mozilla-django-oidc's views, adapted.

Worked around (and why):
- The request view adds ``amr_values=mfa`` (and ``login_hint``) for a step-up, refuses an
  off-site ``next`` with a 400 instead of silently dropping it, and remembers ``next`` and the
  step-up flag per ``state`` rather than in one session key that parallel tabs overwrite.
- The callback view answers a tampered, replayed or unknown ``state`` and every failure with a
  clear 4xx page (the parent raises or redirects), and an ``error`` from the provider no longer
  signs the user out: a cancelled step-up leaves the session as it was.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import messages
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

from accounts.backends import TokenRequestFailed
from accounts.identity import (
    CLAIMS_SESSION_KEY,
    STEPUP_DECLINED_SESSION_KEY,
    STEPUP_UNMET_SESSION_KEY,
    PartnerIdentity,
)
from accounts.provider import ID_TOKEN_SESSION_KEY, ProviderUnavailable, provider_metadata
from accounts.signals import identity_verified
from accounts.tokens import InvalidIdToken

STATES_SESSION_KEY = "oidc_states"  # mozilla-django-oidc's


def signin_error(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "accounts/signin_error.html", {"message": message}, status=status)


def _is_stepup(request: HttpRequest) -> bool:
    return request.GET.get("stepup") == "mfa" and request.identity is not None


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    """Start a sign-in (or, with ``stepup=mfa``, a step-up) at the identity provider."""

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads the authorization endpoint from settings here; ours comes from
        # discovery in get(), where an unreachable provider can be answered with a page.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("next") and get_next_url(request, "next") is None:
            return signin_error(
                request, _("The address to return to after sign-in is not on this site."),
                status=HTTPStatus.BAD_REQUEST,
            )
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_metadata().authorization_endpoint
        except ProviderUnavailable:
            return _provider_unavailable(request)
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        pending = request.session[STATES_SESSION_KEY][state]
        pending["next"] = request.session.pop("oidc_login_next", None)
        pending["stepup"] = _is_stepup(request)
        request.session.modified = True
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        if not _is_stepup(request):
            return {}
        # amr_values=mfa is what Partner Center sends to Entra's authorize endpoint; the hint
        # keeps the step-up on the account that is already signed in.
        return {"amr_values": "mfa", "login_hint": request.identity.upn}


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: a code to redeem, or an error such as a cancelled MFA."""

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        pending = request.session.get(STATES_SESSION_KEY, {}).get(state)
        if pending is None:
            return signin_error(
                request,
                _(
                    "This sign-in answer does not match a sign-in started in this browser, or "
                    "it was already used. Start again from the page you wanted."
                ),
                status=HTTPStatus.BAD_REQUEST,
            )
        self.pending = pending
        if request.GET.get("error"):
            del request.session[STATES_SESSION_KEY][state]  # single use, like a code
            request.session.modified = True
            return self._provider_error(request)
        if not request.GET.get("code"):
            return signin_error(request, _("The sign-in answer has no code."), status=400)
        try:
            return super().get(request)
        except TokenRequestFailed as exc:
            return signin_error(
                request,
                _("The identity provider refused to redeem this sign-in: %(error)s.")
                % {"error": exc},
                status=HTTPStatus.BAD_REQUEST,
            )
        except InvalidIdToken as exc:
            return signin_error(request, str(exc), status=HTTPStatus.BAD_REQUEST)
        except ProviderUnavailable:
            return _provider_unavailable(request)

    @property
    def success_url(self) -> str:
        return self.pending.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        session = self.request.session
        claims = self.user.verified_claims
        session[CLAIMS_SESSION_KEY] = claims
        session[ID_TOKEN_SESSION_KEY] = self.user.id_token
        identity = PartnerIdentity.from_claims(claims)
        if self.pending.get("stepup") and not identity.has_mfa:
            session[STEPUP_UNMET_SESSION_KEY] = True
        else:
            session.pop(STEPUP_UNMET_SESSION_KEY, None)
        identity_verified.send(sender=type(self), request=self.request, identity=identity)
        return response

    def login_failure(self) -> HttpResponse:
        return signin_error(
            self.request,
            _("The identity provider's answer did not identify a user this portal accepts."),
            status=HTTPStatus.FORBIDDEN,
        )

    def _provider_error(self, request: HttpRequest) -> HttpResponse:
        error = {
            "error": request.GET.get("error", "")[:100],
            "description": request.GET.get("error_description", "")[:500],
        }
        if request.identity is not None:
            # Already signed in: the session stays as it was. After a step-up, back to the
            # page asked for, where the access policy explains that the area needs MFA.
            if self.pending.get("stepup") and self.pending.get("next"):
                request.session[STEPUP_DECLINED_SESSION_KEY] = error
            else:
                messages.warning(
                    request,
                    _("The identity provider did not complete the request: %(error)s.")
                    % {"error": error["error"]},
                )
            return HttpResponseRedirect(self.success_url)
        return render(
            request, "accounts/signin_cancelled.html",
            {"idp_error": error, "retry_url": reverse("oidc:authenticate")},
            status=HTTPStatus.UNAUTHORIZED,
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
