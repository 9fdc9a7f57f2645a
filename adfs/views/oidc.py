"""Thin wrappers around allauth's authorize and token endpoints.

allauth's IdP knows neither AD FS's MFA policy nor ``acr_values``, and issues no ``amr`` or
``auth_time``. The authorize wrapper settles the sign-in (password, then MFA when the user's
policy or the client's request asks for it) before allauth issues a code, and records how the
user signed in under that code; the token wrapper hands the record to the adapter that writes
the claims, once per code.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from urllib.parse import urlencode

from allauth.idp.oidc import views as allauth_oidc
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from adfs import selectors, services
from adfs.internal.authn_request import AuthnRequest, parse_authn_request
from adfs.internal.signin_state import signin_state
from config.idpkit.client_redirect import (
    ClientTarget,
    client_target,
    error_redirect,
    path_without,
    query_value,
    unknown_client_response,
)
from config.idpkit.token_endpoint import GRANT_VALUE, resource_error, token_error

logger = logging.getLogger(__name__)


def _redirect_with_next(urlname: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(urlname)}?{urlencode({'next': next_url})}")


@method_decorator(csrf_exempt, name="dispatch")  # allauth's view enforces CSRF on its own POST
class AuthorizeView(View):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET":
            # A consent form's signed round trip, or a POSTed request (which allauth turns
            # into a GET that comes back here).
            return self._issue(request)
        target = client_target(request.GET)
        if target is None:
            return unknown_client_response(request)
        if request.GET.get("code_challenge") and request.GET.get("code_challenge_method") != "S256":
            # Discovery promises S256 only; a missing method means "plain" (RFC 7636 4.3).
            return error_redirect(
                target, "invalid_request", "code_challenge_method must be S256 (RFC 7636)."
            )
        if "claims" in request.GET:
            # oauthlib fails (a 500) on a claims value that is not a JSON object; AD FS asks for
            # nothing through it here, so a request that sends one is answered, not forwarded.
            return error_redirect(
                target, "invalid_request", "The claims parameter is not supported here."
            )
        return self._authorize(request, target, parse_authn_request(request.GET))

    def _authorize(
        self, request: HttpRequest, target: ClientTarget, authn: AuthnRequest
    ) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            if authn.silent:
                return error_redirect(target, "login_required", "The user is not signed in.")
            # The sign-in page fills the user name in from the login_hint of this request.
            return redirect_to_login(
                path_without(request, prompt_word="login"), login_url=reverse("account_login")
            )
        state = signin_state(request, user)
        # A session with no record of how the user signed in proves nothing: sign in again.
        if authn.force_login or state.auth_time is None:
            if authn.silent:
                return error_redirect(target, "login_required", "A fresh sign-in is required.")
            # The password again starts a new sign-in: MFA is asked again where due.
            return _redirect_with_next(
                "account_reauthenticate", path_without(request, prompt_word="login")
            )
        if (authn.mfa or not user.skip_mfa) and not state.has_mfa:
            if authn.silent:
                return error_redirect(
                    target, "interaction_required", "Multifactor authentication is required."
                )
            if not selectors.user_has_totp(user=user):
                return error_redirect(
                    target, "access_denied",
                    "Multifactor authentication is required, and the user has no method at "
                    "Wingtip AD FS.",
                )
            return _redirect_with_next("mfa_reauthenticate", request.get_full_path())
        if authn.silent and target.client.skip_consent:
            # Nothing to ask and the client is pre-consented: allauth would still answer
            # consent_required (it looks for earlier tokens), so it does not see "none".
            return self._issue(request, drop_prompt_none=True)
        return self._issue(request)

    def _issue(self, request: HttpRequest, *, drop_prompt_none: bool = False) -> HttpResponse:
        if request.method == "GET" and drop_prompt_none:
            request.META["QUERY_STRING"] = path_without(request, prompt_word="none").partition(
                "?"
            )[2]
            request.GET = QueryDict(request.META["QUERY_STRING"])
        response = allauth_oidc.authorization(request)
        location = response.get("Location", "")
        code = query_value(location, "code") if response.status_code == HTTPStatus.FOUND else None
        if code and request.user.is_authenticated:
            services.sign_in_record(
                user=request.user, state=signin_state(request, request.user), code=code
            )
        return response


authorize = AuthorizeView.as_view()


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """allauth's token endpoint, told how the user signed in for the code, once per code.

    allauth checks a code and only afterwards invalidates it, so concurrent redemptions could
    all succeed. Here the code's record is locked first: one redemption gets a token response,
    every later one is a replay that revokes what the first one issued.
    """
    if (refused := resource_error(request)) is not None:
        return refused
    if request.POST.get("grant_type") != "authorization_code":
        request.adfs_sign_in = None  # no code, no sign-in (allauth refuses other grants here)
        return allauth_oidc.token(request)
    code = request.POST.get("code", "")
    if not GRANT_VALUE.fullmatch(code):
        return token_error("invalid_grant", "The authorization code is not valid.")
    with transaction.atomic():
        sign_in = selectors.sign_in_for_code_lock(code=code)
        if sign_in is None:
            # Every code this provider issues has a record: this one is not ours.
            return token_error("invalid_grant", "The authorization code is not valid.")
        if sign_in.redeemed_at is not None:
            revoked = services.sign_in_revoke(sign_in=sign_in)
            logger.warning("Replayed authorization code of sign-in %s: %d tokens revoked",
                           sign_in.pk, revoked)
            return token_error(
                "invalid_grant",
                "This authorization code was already used; every token issued from it is now "
                "revoked.",
            )
        request.adfs_sign_in = sign_in
        response = allauth_oidc.token(request)
        if response.status_code == HTTPStatus.OK:
            services.sign_in_redeemed(sign_in=sign_in, issued=json.loads(response.content))
    return response
