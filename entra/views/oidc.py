"""Thin wrappers around allauth's authorize and token endpoints.

allauth's IdP does not know step-up (it ignores ``amr_values``/``acr_values``/``max_age``, and
fails on ``claims``), tenant MFA policies, or ``amr``/``auth_time``. The authorize wrapper settles
all of that before allauth issues a code and links the code to how the user signed in; the token
wrapper hands that sign-in to the adapter that writes the claims.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from urllib.parse import urlencode

from allauth.idp.oidc import views as allauth_oidc
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from entra import selectors, services
from entra.internal.client_redirect import (
    ClientTarget,
    client_target,
    error_redirect,
    query_value,
)
from entra.internal.signin_state import signin_state
from entra.internal.stepup import StepUp, StepUpError, parse_stepup
from entra.models import GrantLink

# Parameters allauth must not see: it rejects ``claims``; the rest it would silently ignore.
_STEPUP_ONLY_PARAMS = ("claims",)


def _without(request: HttpRequest, names: tuple[str, ...], prompt_word: str | None = None) -> str:
    """The request's path and query with ``names`` (and one ``prompt`` word) removed."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    if prompt_word and "prompt" in query:
        words = [w for w in query["prompt"].split() if w != prompt_word]
        if words:
            query["prompt"] = " ".join(words)
        else:
            query.pop("prompt")
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _redirect_with_next(urlname: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(urlname)}?{urlencode({'next': next_url})}")


def _unknown_client(request: HttpRequest) -> HttpResponse:
    # Never redirect to a redirect URI that is not registered for the client (open redirect).
    client_id = request.GET.get("client_id")
    if not client_id:
        description = "The request has no client_id."
    elif not request.GET.get("redirect_uri"):
        description = "The request has no redirect_uri."
    else:
        description = (
            f"Application {client_id} is unknown, or {request.GET['redirect_uri']} is not a "
            "redirect URI registered for it."
        )
    error = {"error": "invalid_request", "description": description}
    return render(request, "idp/oidc/error.html", {"error": error}, status=HTTPStatus.BAD_REQUEST)


@method_decorator(csrf_exempt, name="dispatch")  # allauth's view enforces CSRF on its own POST
class AuthorizeView(View):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET":
            # The consent form's signed round trip (or a POSTed request, which allauth turns
            # into a GET that comes back here).
            return self._issue(request, target=None)
        target = client_target(request.GET)
        if target is None:
            return _unknown_client(request)
        try:
            stepup = parse_stepup(request.GET)
        except StepUpError as exc:
            return error_redirect(target, "invalid_request", str(exc))
        return self._authorize(request, target, stepup)

    def _authorize(self, request: HttpRequest, target: ClientTarget, stepup: StepUp):
        silent = "none" in (request.GET.get("prompt") or "").split()
        user = request.user
        if not user.is_authenticated:
            if silent:
                return error_redirect(target, "login_required", "The user is not signed in.")
            return redirect_to_login(
                _without(request, (), prompt_word="login"), login_url=reverse("account_login")
            )
        force_login = stepup.force_login or stepup.max_age == 0
        state = signin_state(request, user)
        age = state.age_seconds(timezone.now())
        too_old = stepup.max_age is not None and (age is None or age > stepup.max_age)
        if force_login or too_old:
            if silent:
                return error_redirect(target, "login_required", "A fresh sign-in is required.")
            # Re-entering the password starts a new authentication: MFA is asked again if due.
            next_url = _without(request, ("max_age",) if force_login else (), prompt_word="login")
            return _redirect_with_next("account_reauthenticate", next_url)
        tenant = user.tenant
        mfa_due = stepup.mfa or bool(tenant and tenant.requires_mfa_at_sign_in)
        if mfa_due and not state.has_mfa:
            if silent:
                return error_redirect(
                    target, "interaction_required", "Multifactor authentication is required."
                )
            if selectors.user_has_totp(user=user):
                return _redirect_with_next("mfa_reauthenticate", request.get_full_path())
            return _redirect_with_next("entra:mfa_register", request.get_full_path())
        return self._issue(request, target=target)

    def _issue(self, request: HttpRequest, target: ClientTarget | None) -> HttpResponse:
        if request.method == "GET":
            request.META["QUERY_STRING"] = _without(request, _STEPUP_ONLY_PARAMS).partition("?")[2]
            request.GET = QueryDict(request.META["QUERY_STRING"])
        response = allauth_oidc.authorization(request)
        location = response.get("Location", "")
        code = query_value(location, "code") if response.status_code == HTTPStatus.FOUND else None
        if code and request.user.is_authenticated:
            services.signin_record_for_code(
                user=request.user, state=signin_state(request, request.user), code=code
            )
        return response


authorize = AuthorizeView.as_view()


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    """allauth's token endpoint, told which sign-in the redeemed code or refresh token carries."""
    grant_type = request.POST.get("grant_type")
    link = None
    if grant_type == "authorization_code" and request.POST.get("code"):
        link = selectors.grant_link_get(kind=GrantLink.Kind.CODE, value=request.POST["code"])
    elif grant_type == "refresh_token" and request.POST.get("refresh_token"):
        link = selectors.grant_link_get(
            kind=GrantLink.Kind.REFRESH_TOKEN, value=request.POST["refresh_token"]
        )
    request.entra_sign_in = link.sign_in if link else None
    response = allauth_oidc.token(request)
    if link is not None and response.status_code == HTTPStatus.OK:
        body = json.loads(response.content)
        services.grant_link_rotate(old=link, refresh_token=body.get("refresh_token"))
    return response
