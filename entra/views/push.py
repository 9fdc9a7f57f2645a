"""Verification by push with number matching, first wherever the mock Entra ID asks for MFA.

allauth's MFA pages (sign-in stage ``mfa_authenticate``, step-up ``mfa_reauthenticate``) are
subclassed, not replaced: for a user with push, a GET shows "Approve sign-in request" with the
number to type on the phone, instead of the code form (``?method=code`` shows allauth's form,
whose POSTs are allauth's as before). The page waits with a script polling ``push_status`` and,
without script, a "continue" button; both post ``push_action=continue``, which redeems the
approval once and completes MFA as allauth's own form does (``record_authentication``, then the
login stage's exit or the re-authentication's resume).
"""

from __future__ import annotations

import secrets
from http import HTTPStatus
from urllib.parse import urlencode

from allauth.mfa.base.views import AuthenticateView, ReauthenticateView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.idpkit import failure_limits
from config.idpkit.allauth_internals import BaseReauthenticateView, record_authentication
from config.idpkit.client_redirect import authorization_params, client_target
from entra import selectors as entra_selectors
from entra.models import User
from entra.push import RECORD_TYPE
from entra.push import selectors as push_selectors
from entra.push import services as push_services
from entra.templatetags.entra_tags import stepup_cancel_url
from entra.views.mfa import safe_next

_SECRET_SESSION_KEY = "entra_push_secret"  # noqa: S105 (a session key's name)
_CHALLENGE_SESSION_KEY = "entra_push_challenge"
# What a page outcome answers with: a denial is a refusal; a time-out or a used approval is not
# the user's mistake, but the sign-in did not finish.
_OUTCOME_STATUS = {
    "denied": HTTPStatus.FORBIDDEN,
    "wrong_number": HTTPStatus.FORBIDDEN,
    "locked": HTTPStatus.TOO_MANY_REQUESTS,
    "unknown": HTTPStatus.BAD_REQUEST,
    "used": HTTPStatus.CONFLICT,
}


def session_secret(request: HttpRequest) -> str:
    """This browser session's push secret: a challenge is bound to the session holding it."""
    secret = request.session.get(_SECRET_SESSION_KEY)
    if not isinstance(secret, str) or len(secret) < 32:
        secret = secrets.token_urlsafe(32)
        request.session[_SECRET_SESSION_KEY] = secret
    return secret


def _client_name(next_url: str | None) -> str:
    params = authorization_params(next_url)
    target = client_target(params) if params is not None else None
    return target.client.name if target else ""


class PushFirstMixin:
    """Push first for users who registered it; the code form one link away."""

    request: HttpRequest
    reauthenticated = False
    push_template = "entra/push/wait.html"

    # --- what differs between the sign-in stage and a step-up
    def push_user(self) -> User:
        raise NotImplementedError

    def push_next(self) -> str | None:
        return safe_next(self.request)

    def push_finish(self) -> HttpResponse:
        raise NotImplementedError

    def push_cancel(self) -> dict:
        return {"cancel_url": stepup_cancel_url(self.push_next())}

    def push_client_name(self) -> str:
        """The application signing in, as the phone shows it."""
        return _client_name(self.push_next())

    def push_passkey_url(self) -> str:
        """Where a user with a passkey answers with it instead (the sign-in stage's code page
        carries the passkey button)."""
        return self._url(method="code")

    # --- shared
    def _url(self, **params: str) -> str:
        next_url = self.push_next()
        query = {**params, **({"next": next_url} if next_url else {})}
        return f"{self.request.path}?{urlencode(query)}" if query else self.request.path

    def _push_offered(self) -> bool:
        return push_selectors.user_has_push(user=self.push_user())

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if self._push_offered():
            context["push_url"] = self._url()  # "Use my Microsoft Authenticator app instead"
        return context

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("method") == "code" or not self._push_offered():
            return super().get(request, *args, **kwargs)
        view = self._current_challenge()
        if view is None or view.state not in ("pending", "approved"):
            return self._send()
        return self._page(view)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        action = request.POST.get("push_action")
        if action is None:
            return super().post(request, *args, **kwargs)  # allauth's code form
        if not self._push_offered() or action not in ("continue", "resend"):
            return self._page(None, outcome="unknown")
        if action == "resend":
            sent = self._send()
            if sent.status_code >= 400:
                return sent
            return HttpResponseRedirect(self._url(), status=303)
        view = push_selectors.push_challenge_for_session(
            challenge_id=request.POST.get("challenge", ""), user=self.push_user(),
            session_secret=session_secret(request),
        )
        if view is None:
            return self._page(None, outcome="unknown")
        if view.state == "approved":
            if push_services.push_challenge_redeem(
                user=self.push_user(), challenge_id=view.id,
                session_secret=session_secret(request),
            ):
                return self._complete(view)
            return self._page(None, outcome="used")  # another tab or request got there first
        if view.state == "pending":
            return self._page(view, still_waiting=True)
        if view.state == "denied":
            return self._page(None, outcome=view.challenge.denial_reason or "denied")
        if view.state == "expired":
            return self._page(None, outcome="timeout")
        if view.state == "superseded":
            # A newer request of this session is on the phone: show that one.
            return HttpResponseRedirect(self._url(), status=303)
        return self._page(None, outcome="used")

    def _current_challenge(self) -> push_selectors.ChallengeView | None:
        challenge_id = self.request.session.get(_CHALLENGE_SESSION_KEY)
        if not challenge_id:
            return None
        return push_selectors.push_challenge_for_session(
            challenge_id=challenge_id, user=self.push_user(),
            session_secret=session_secret(self.request),
        )

    def _send(self) -> HttpResponse:
        try:
            challenge = push_services.push_challenge_create(
                user=self.push_user(), session_secret=session_secret(self.request),
                client_name=self.push_client_name(), request=self.request,
            )
        except failure_limits.TooManyFailures:
            return self._page(None, outcome="locked")
        self.request.session[_CHALLENGE_SESSION_KEY] = str(challenge.id)
        return self._page(push_selectors.challenge_state(challenge))

    def _complete(self, view: push_selectors.ChallengeView) -> HttpResponse:
        user = self.push_user()
        extra = {"reauthenticated": True} if self.reauthenticated else {}
        # The record allauth's own MFA forms leave (post_authentication), with the push type
        # that signin_state maps to amr "rsa".
        record_authentication(
            self.request, user, "mfa", type=RECORD_TYPE,
            id=view.challenge.registration_id, **extra,
        )
        self.request.session.pop(_CHALLENGE_SESSION_KEY, None)
        return self.push_finish()

    def _page(
        self, view: push_selectors.ChallengeView | None, *, outcome: str | None = None,
        still_waiting: bool = False,
    ) -> HttpResponse:
        context = {
            "upn": self.push_user().email,
            "challenge": view.challenge if view else None,
            "expires_in": view.expires_in if view else 0,
            "poll_url": reverse("entra:push_status", args=[view.id]) if view else "",
            "action": self.request.path,
            "next": self.push_next(),
            "code_url": self._url(method="code"),
            "passkey_url": (
                self.push_passkey_url()
                if entra_selectors.user_passkeys(user=self.push_user()) else ""
            ),
            "outcome": outcome,
            "still_waiting": still_waiting,
            "is_stage": not self.reauthenticated,
            **self.push_cancel(),
        }
        return render(
            self.request, self.push_template, context,
            status=_OUTCOME_STATUS.get(outcome or "", HTTPStatus.OK),
        )


class PushFirstAuthenticateView(PushFirstMixin, AuthenticateView):
    """MFA at sign-in (the tenant's policy, ``entra.stages.TenantPolicyMfaStage``)."""

    def push_user(self) -> User:
        return self.stage.login.user

    def push_next(self) -> str | None:
        return None  # the login stage keeps where the sign-in goes on to

    def push_finish(self) -> HttpResponse:
        return self.stage.exit()

    def push_cancel(self) -> dict:
        # As the code form: cancelling sign-in-time MFA signs the half-done sign-in out.
        return {"cancel_form": "logout-from-stage"}

    def push_client_name(self) -> str:
        return _client_name(self.stage.login.redirect_url)


class PushFirstReauthenticateView(PushFirstMixin, ReauthenticateView):
    """MFA at a client's step-up and before security info (``mfa_reauthenticate``)."""

    reauthenticated = True

    def push_user(self) -> User:
        return self.request.user

    def push_passkey_url(self) -> str:
        next_url = self.push_next()
        url = reverse("mfa_reauthenticate_webauthn")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def push_finish(self) -> HttpResponse:
        # allauth's re-authentication ending (resume the suspended request, or ``next``),
        # without its form's save (the record is the push's).
        return BaseReauthenticateView.form_valid(self, None)


authenticate = PushFirstAuthenticateView.as_view()
reauthenticate = PushFirstReauthenticateView.as_view()


@never_cache
@require_GET
def push_status(request: HttpRequest, challenge_id: str) -> JsonResponse:
    """Where the waiting page's script polls: this session's challenge, or 404."""
    view = push_selectors.push_challenge_for_session(
        challenge_id=challenge_id, session_secret=session_secret(request)
    )
    if view is None:
        raise Http404("No such push request in this session.")
    return JsonResponse({"status": view.state, "expires_in": view.expires_in})
