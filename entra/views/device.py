"""Thin wrappers around allauth's device authorization grant (RFC 8628): the device
authorization endpoint a CLI calls, and the page where the user types and confirms the code
(``Connect-PartnerCenter -UseDeviceAuthentication``'s https://microsoft.com/devicelogin).

allauth's device page asks only that someone is signed in, so a code confirmed there would say
nothing about MFA. Here the user meets the same sign-in and MFA as at the authorize endpoint
before the code can be confirmed, and the confirmation is linked to this session's sign-in, so
the token endpoint (``entra.views.oidc.token``) writes the ``amr`` it proved.
"""

from __future__ import annotations

import re

from allauth.idp.oidc import views as allauth_oidc
from allauth.idp.oidc.models import Client
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from config.idpkit.token_endpoint import resource_error, token_error
from entra import selectors, services
from entra.internal.interaction import (
    fresh_sign_in_page,
    mfa_due,
    mfa_prompt,
    redirect_with_next,
)
from entra.internal.signin_state import SignInState, signin_state
from entra.models import GrantLink, User

# The user codes allauth hands out (letters and digits, dashed), with room for other formats.
# Anything else would become part of a cache key (memcached refuses spaces, a database cache
# on PostgreSQL NUL bytes) before allauth finds it wrong.
_USER_CODE = re.compile(r"[A-Za-z0-9-]{1,32}")
# Stands in for a malformed user code: never issued, so allauth's form says "incorrect code".
_NOT_A_USER_CODE = "-"


@csrf_exempt  # a client's API call, not a form (RFC 8628 section 3.1)
@require_POST
def device_code(request: HttpRequest) -> HttpResponse:
    """allauth's device authorization endpoint, for public clients allowed the device grant.

    allauth hands a user code to any client; one that is confidential or lacks the grant could
    never redeem it (allauth confirms and polls only public clients), so it is told so now.
    """
    if (refused := resource_error(request)) is not None:
        return refused  # allauth lets its resource check escape as a 500 here too
    client = Client.objects.filter(id=request.POST.get("client_id") or "").first()
    if client is not None and (
        client.type != Client.Type.PUBLIC
        or Client.GrantType.DEVICE_CODE not in client.get_grant_types()
    ):
        # Entra's "Allow public client flows" is off for this app.
        return token_error(
            "unauthorized_client", "This client may not use the device authorization grant."
        )
    return allauth_oidc.device_code(request)


@never_cache
@require_http_methods(["GET", "POST"])
def device_authorization(request: HttpRequest) -> HttpResponse:
    """The device page: sign-in and MFA as the tenant's policy asks, then allauth's form.

    Not exempt from CSRF, unlike allauth's view: confirming a code hands a session's sign-in
    to whoever holds the device, so only the IdP's own form may do it.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    state = signin_state(request, user)
    if state.auth_time is None:
        # A session with no record of how the user authenticated proves nothing: start over.
        return redirect_with_next(fresh_sign_in_page(user), request.get_full_path())
    # No client parameter can ask for step-up here: the tenant's policy alone decides.
    prompt = mfa_prompt(user, state) if mfa_due(user) else None
    if prompt:
        return redirect_with_next(prompt, request.get_full_path())
    _replace_malformed_user_code(request)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, user=user, state=state)
    return allauth_oidc.device_authorization(request)


def _replace_malformed_user_code(request: HttpRequest) -> None:
    code = request.GET.get("code")
    if code is None:
        return
    query = request.GET.copy()
    # A code pasted with a space around it is still the code.
    query["code"] = code.strip() if _USER_CODE.fullmatch(code.strip()) else _NOT_A_USER_CODE
    request.GET = query


def _confirm(request: HttpRequest, *, user: User, state: SignInState) -> HttpResponse:
    """Link the device code to this sign-in, then let allauth confirm it.

    The link comes first, in one transaction with allauth's confirmation: a device polling in
    between must not find a confirmed code without the sign-in that goes with it. Should allauth
    not confirm (a rate limit, the code expired meanwhile), the link is rolled back.
    """
    device_code = selectors.device_code_for_user_code(user_code=request.GET.get("code", ""))
    if device_code is None:
        return allauth_oidc.device_authorization(request)  # allauth's form says what is wrong
    with transaction.atomic():
        try:
            with transaction.atomic():
                services.signin_record_for_grant(
                    user=user, state=state, kind=GrantLink.Kind.DEVICE_CODE, value=device_code
                )
        except IntegrityError:
            # Confirmed by someone else a moment ago; allauth now finds the code used.
            return allauth_oidc.device_authorization(request)
        response = allauth_oidc.device_authorization(request)
        if selectors.device_code_grantee(device_code=device_code) != user.pk:
            transaction.set_rollback(True)
    return response
