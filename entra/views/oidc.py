"""Thin wrappers around allauth's authorize and token endpoints.

allauth's IdP does not know step-up (it ignores ``amr_values``/``acr_values``/``max_age``, and
fails on ``claims``), tenant MFA policies, or ``amr``/``auth_time``. The authorize wrapper settles
all of that before allauth issues a code and links the code to how the user signed in (``amr``,
``auth_time``, and the ``acr``/``acrs`` that answer the request); the token wrapper hands that
sign-in to the adapter that writes the claims.

Both also answer under a tenant's authority (``/<tenant>/identity/o/...``, Entra's
``login.microsoftonline.com/<tenant>/``): the tenant is resolved once per request
(``entra.internal.resource_tenant``), the authorize endpoint lets in only who may act in it
(the user's own tenant, or GDAP) and asks MFA by *its* policy, and the code remembers the
tenant, so only that tenant's token endpoint redeems it and the tokens say ``tid`` = it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from allauth.idp.oidc import views as allauth_oidc
from allauth.idp.oidc.models import Client
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from config.idpkit.client_redirect import (
    ClientTarget,
    client_target,
    error_redirect,
    path_without,
    query_value,
    unknown_client_response,
)
from config.idpkit.token_endpoint import GRANT_VALUE, resource_error, token_error
from entra import journey_trace, legacy_auth, selectors, services
from entra.internal import resource_tenant
from entra.internal.interaction import (
    fresh_sign_in_page,
    mfa_due,
    mfa_prompt,
    redirect_with_next,
)
from entra.internal.signin_state import SignInState, signin_state
from entra.internal.stepup import (
    ACR_SIGNED_IN,
    RESPONSE_MODES,
    StepUp,
    StepUpError,
    acr_answer,
    parse_stepup,
)
from entra.models import GrantLink, SignIn, Tenant

logger = logging.getLogger(__name__)

# Parameters allauth must not see: it rejects ``claims``; the rest it would silently ignore.
_STEPUP_ONLY_PARAMS = ("claims",)


@dataclass(frozen=True)
class GrantAnswer:
    """What the tokens of a grant say beyond ``amr``: the ``acr`` that answers the request and
    the authentication contexts satisfied (``acrs``)."""

    acr: str = ACR_SIGNED_IN
    acrs: tuple[str, ...] = ()


def _grant_answer(stepup: StepUp, state: SignInState) -> GrantAnswer | None:
    """The answer for a sign-in about to get a code, or None: an essential acr it cannot meet.

    Every authentication context requires MFA in this mock, so ``acrs`` lists the asked ones
    only when this sign-in did MFA (a custom control's prompt, which leaves amr without mfa,
    satisfies none).
    """
    acr = acr_answer(stepup.acr, has_mfa=state.has_mfa)
    if acr is None:
        return None
    return GrantAnswer(acr=acr, acrs=stepup.auth_contexts if state.has_mfa else ())


def unknown_tenant_page(request: HttpRequest, value: str) -> HttpResponse:
    """400 for an authority naming no tenant: nothing of the request is trusted, so no redirect
    to its redirect_uri (Entra answers AADSTS90002 on its own page too)."""
    error = {
        "error": "invalid_tenant",
        "description": gettext(
            "AADSTS90002: Tenant '%(tenant)s' not found. Check to make sure you have the "
            "correct tenant ID and are signing into the correct cloud."
        ) % {"tenant": value[:64]},
    }
    return render(request, "idp/oidc/error.html", {"error": error}, status=HTTPStatus.BAD_REQUEST)


def _authority(request: HttpRequest, tenant_id: str | None) -> Tenant | None:
    """The tenant of the path's authority (None: the common one), set on the request for the
    adapter (issuer, claims). Raises LookupError for an authority naming no tenant."""
    authority = None
    if tenant_id is not None:
        authority = resource_tenant.tenant_from_authority(value=tenant_id)
        if authority is None:
            raise LookupError(tenant_id)
    setattr(request, resource_tenant.AUTHORITY_ATTR, authority)
    return authority


def _client_name(client_id: str) -> str:
    return Client.objects.filter(id=client_id).values_list("name", flat=True).first() or "-"


@method_decorator(csrf_exempt, name="dispatch")  # allauth's view enforces CSRF on its own POST
class AuthorizeView(View):
    def dispatch(
        self, request: HttpRequest, *args, tenant_id: str | None = None, **kwargs
    ) -> HttpResponse:
        try:
            authority = _authority(request, tenant_id)
        except LookupError:
            return unknown_tenant_page(request, tenant_id)
        if request.method != "GET":
            # The consent form's signed round trip (or a POSTed request, which allauth turns
            # into a GET that comes back here). Under a tenant's authority the form comes back
            # to this path: who may act in the tenant is checked again, the signed request
            # proves nothing about that.
            if authority is not None and request.user.is_authenticated and not (
                resource_tenant.resource_access(user=request.user, tenant=authority).granted
            ):
                error = {"error": "access_denied", "description": gettext(
                    "You cannot sign in to %(tenant)s: your account has no access to it."
                ) % {"tenant": authority.name}}
                return render(
                    request, "idp/oidc/error.html", {"error": error}, status=HTTPStatus.FORBIDDEN
                )
            return self._issue(request, target=None)
        target = client_target(request.GET)
        if target is None:
            return unknown_client_response(request)
        try:
            stepup = parse_stepup(request.GET)
        except StepUpError as exc:
            return error_redirect(target, "invalid_request", str(exc))
        if request.GET.get("response_mode", "query") not in RESPONSE_MODES:
            return error_redirect(
                target, "invalid_request", "response_mode must be query or fragment."
            )
        if request.GET.get("code_challenge") and request.GET.get("code_challenge_method") != "S256":
            # Discovery promises S256 only; a missing method means "plain" (RFC 7636 4.3), which
            # lets whoever sees the authorization request redeem the code.
            return error_redirect(
                target, "invalid_request", "code_challenge_method must be S256 (RFC 7636)."
            )
        response = self._authorize(request, target, stepup)
        # The portal's journey trace: what this pass decided (entra.journey_trace).
        journey_trace.authorize_pass_record(
            request=request, target=target, stepup=stepup, response=response
        )
        return response

    def _authorize(self, request: HttpRequest, target: ClientTarget, stepup: StepUp):
        silent = "none" in (request.GET.get("prompt") or "").split()
        user = request.user
        hint = (request.GET.get("login_hint") or "").strip().lower()
        if user.is_authenticated and stepup.force_login and hint and hint != user.email:
            # prompt=login for another account than the signed-in one (the portal's scenario
            # launcher starting a persona): Entra asks for the hinted account's credentials,
            # so this browser's session of the other account ends here.
            auth_logout(request)
            user = request.user
        if not user.is_authenticated:
            if silent:
                return error_redirect(target, "login_required", "The user is not signed in.")
            return redirect_to_login(
                path_without(request, prompt_word="login"), login_url=reverse("account_login")
            )
        state = signin_state(request, user)
        # A session with no record of how the user authenticated proves nothing: start over.
        force_login = stepup.force_login or stepup.max_age == 0 or state.auth_time is None
        age = state.age_seconds(timezone.now())
        too_old = stepup.max_age is not None and (age is None or age > stepup.max_age)
        if force_login or too_old:
            if silent:
                return error_redirect(target, "login_required", "A fresh sign-in is required.")
            # Re-entering the password starts a new authentication: MFA is asked again if due.
            # A federated user has no password here: the fresh sign-in is at the federated IdP.
            next_url = path_without(
                request, ("max_age",) if force_login else (), prompt_word="login"
            )
            return redirect_with_next(fresh_sign_in_page(user), next_url)
        authority: Tenant | None = getattr(request, resource_tenant.AUTHORITY_ATTR, None)
        roles: frozenset[str] = frozenset()
        if authority is not None:
            # Entra's answer to an account that is not in the tenant: no code, ever.
            access = resource_tenant.resource_access(user=user, tenant=authority)
            if not access.granted:
                return error_redirect(target, "access_denied", resource_tenant.refusal_description(
                    access, client_id=target.client.id, client_name=target.client.name,
                ))
            roles = access.roles
        # Under a tenant's authority its policy decides (a partner agent's home policy does not
        # follow them in); a session that already did MFA satisfies it.
        due = mfa_due(
            user, requested=stepup.mfa, resource_tenant=authority, resource_roles=roles
        )
        prompt = mfa_prompt(user, state) if due else None
        if prompt:
            if silent:
                return error_redirect(
                    target, "interaction_required", "Multifactor authentication is required."
                )
            return redirect_with_next(prompt, request.get_full_path())
        answer = _grant_answer(stepup, state)
        if answer is None:
            # OIDC Core 5.5.1.1: an essential acr that cannot be met is a failed authentication.
            return error_redirect(
                target, "unmet_authentication_requirements",
                "The sign-in cannot satisfy the essential acr values requested: "
                + " ".join(stepup.acr.values),
            )
        if silent and target.client.skip_consent:
            # Signed in, nothing to ask, and the client is pre-consented: allauth would still
            # answer consent_required (it looks for earlier tokens), so it does not see "none".
            return self._issue(request, target=target, answer=answer, drop_prompt_none=True)
        return self._issue(request, target=target, answer=answer)

    def _issue(
        self,
        request: HttpRequest,
        target: ClientTarget | None,
        *,
        answer: GrantAnswer | None = None,
        drop_prompt_none: bool = False,
    ) -> HttpResponse:
        if request.method == "GET":
            query = path_without(
                request, _STEPUP_ONLY_PARAMS, prompt_word="none" if drop_prompt_none else None
            )
            request.META["QUERY_STRING"] = query.partition("?")[2]
            request.GET = QueryDict(request.META["QUERY_STRING"])
        response = allauth_oidc.authorization(request)
        code = _issued_code(response)
        if code and request.user.is_authenticated:
            sign_in = services.signin_record_for_grant(
                user=request.user, state=signin_state(request, request.user),
                kind=GrantLink.Kind.CODE, value=code,
                resource_tenant=getattr(request, resource_tenant.AUTHORITY_ATTR, None),
            )
            _record_answer(sign_in, answer or GrantAnswer())
        return response


def _issued_code(response: HttpResponse) -> str | None:
    """The code of allauth's redirect to the client: in the query, or (response_mode=fragment)
    in the fragment."""
    if response.status_code != HTTPStatus.FOUND:
        return None
    location = response.get("Location", "")
    fragment = parse_qs(urlsplit(location).fragment).get("code")
    return query_value(location, "code") or (fragment[0] if fragment else None)


def _record_answer(sign_in: SignIn, answer: GrantAnswer) -> None:
    # entra.services records amr and auth_time; acr and acrs answer this one request. Written
    # only when they differ from the defaults, so an ordinary sign-in costs no second query.
    if (answer.acr, answer.acrs) == (sign_in.acr, tuple(sign_in.acrs)):
        return
    sign_in.acr, sign_in.acrs = answer.acr, list(answer.acrs)
    sign_in.save(update_fields=["acr", "acrs"])


authorize = AuthorizeView.as_view()


# The grant a token request redeems, by grant type: (form field, link kind).
_REDEEMED_GRANTS = {
    "authorization_code": ("code", GrantLink.Kind.CODE),
    "refresh_token": ("refresh_token", GrantLink.Kind.REFRESH_TOKEN),
    Client.GrantType.DEVICE_CODE.value: ("device_code", GrantLink.Kind.DEVICE_CODE),
}


def _device_code_not_ready(link: GrantLink | None, device_code: str) -> HttpResponse | None:
    """Refuse a device code allauth would redeem without the sign-in this IdP recorded for it.

    A pending, denied, expired or unknown code is allauth's to answer (it has the polling
    state). A confirmed one needs the link the device page wrote, or the token would say
    nothing true about how the user signed in.
    """
    grantee = selectors.device_code_grantee(device_code=device_code)
    if grantee is None:
        return None
    if link is None:
        # The confirmation's transaction (the link) is not committed yet; the next poll has it.
        return token_error("authorization_pending", "The user's confirmation is being recorded.")
    if link.sign_in.user_id != grantee:
        # Two users confirmed one user code at the same moment; neither gets a token.
        return token_error("invalid_grant", "The device code was confirmed inconsistently.")
    return None


# What a tenant's token endpoint redeems: grants of a sign-in made under its authority. App-only
# tokens (client credentials) come from the common one; device codes are confirmed there too.
_TENANT_GRANTS = frozenset({"authorization_code", "refresh_token"})


def _tenant_grant_refusal(
    request: HttpRequest, link: GrantLink | None, kind: GrantLink.Kind
) -> JsonResponse | None:
    """Refuse a grant redeemed at another authority than the one that issued it, or, under a
    tenant's authority, by someone who may no longer act in the tenant (a relationship ended
    since: Entra refuses the refresh). Else hand the access to the adapter (``wids``)."""
    authority: Tenant | None = getattr(request, resource_tenant.AUTHORITY_ATTR, None)
    if link is None:
        # Not one this IdP linked: under a tenant's authority there is nothing to vouch for it.
        return None if authority is None else token_error(
            "invalid_grant", f"The {kind.label.lower()} is not valid."
        )
    issued_under = link.sign_in.resource_tenant_id
    if issued_under != (authority.pk if authority else None):
        where = f"tenant {issued_under}" if issued_under else "the common authority"
        return token_error(
            "invalid_grant",
            f"The {kind.label.lower()} was issued under the authority of {where}; redeem it at "
            "that authority's token endpoint.",
        )
    if authority is None:
        return None
    access = resource_tenant.resource_access(user=link.sign_in.user, tenant=authority)
    if not access.granted:
        client_id = request.POST.get("client_id", "")
        return token_error("invalid_grant", resource_tenant.refusal_description(
            access, client_id=client_id, client_name=_client_name(client_id),
        ))
    setattr(request, resource_tenant.ACCESS_ATTR, access)
    return None


@csrf_exempt
@require_POST
def token(request: HttpRequest, tenant_id: str | None = None) -> HttpResponse:
    """allauth's token endpoint, made single-use per grant and told which sign-in it carries.

    allauth checks a code, device code or refresh token and only afterwards invalidates it, so
    concurrent redemptions all succeed. Here the grant's link row is locked first: one
    redemption gets a token response, every later one is a replay that revokes what the first
    one issued. A device code's link appears when the user confirms it (``entra.views.device``);
    until then allauth answers the polls (``authorization_pending``, ``slow_down``, ...).
    """
    try:
        authority = _authority(request, tenant_id)
    except LookupError:
        return token_error(
            "invalid_request", f"AADSTS90002: Tenant '{tenant_id[:64]}' not found."
        )
    if authority is not None and request.POST.get("grant_type") not in _TENANT_GRANTS:
        return token_error(
            "unsupported_grant_type",
            "A tenant's authority redeems authorization codes and refresh tokens; ask the "
            "common token endpoint for app-only, device code and password grants.",
        )
    if (refused := resource_error(request)) is not None:
        return refused
    if request.POST.get("grant_type") == legacy_auth.PASSWORD_GRANT:
        # allauth has no password grant; Entra's answer to it is common issue 5's refusal.
        return legacy_auth.password_grant_response(request)
    field, kind = _REDEEMED_GRANTS.get(request.POST.get("grant_type", ""), (None, None))
    value = request.POST.get(field) if field else None
    if not value:
        # Client credentials (no user, no sign-in), or a grant missing: allauth answers.
        request.entra_sign_in = None
        return allauth_oidc.token(request)
    if not GRANT_VALUE.fullmatch(value):
        # Not one we issued; allauth would build a cache key of it (memcached refuses spaces).
        return token_error("invalid_grant", f"The {kind.label.lower()} is not valid.")
    with transaction.atomic():
        link = selectors.grant_link_lock(kind=kind, value=value)
        if link is not None and link.redeemed_at is not None:
            revoked = services.grant_family_revoke(sign_in=link.sign_in)
            logger.warning(
                "Replayed %s of sign-in %s: %d tokens revoked", kind, link.sign_in_id, revoked
            )
            return token_error(
                "invalid_grant",
                f"This {kind.label.lower()} was already used; every token issued from it is "
                "now revoked.",
            )
        if kind == GrantLink.Kind.DEVICE_CODE and (
            refused := _device_code_not_ready(link, value)
        ) is not None:
            return refused
        if (refused := _tenant_grant_refusal(request, link, kind)) is not None:
            return refused
        request.entra_sign_in = link.sign_in if link else None
        response = allauth_oidc.token(request)
        if link is not None and response.status_code == HTTPStatus.OK:
            services.grant_redeemed(link=link, issued=json.loads(response.content))
    return response


@require_GET
def tenant_discovery(request: HttpRequest, tenant_id: str) -> HttpResponse:
    """A tenant's own discovery document (Entra's ``/<tenant>/.well-known/...``): allauth's,
    with the issuer and the endpoints of that authority (``EntraOIDCAdapter``)."""
    try:
        _authority(request, tenant_id)
    except LookupError:
        response = JsonResponse(
            {"error": "invalid_tenant",
             "error_description": f"AADSTS90002: Tenant '{tenant_id[:64]}' not found."},
            status=HTTPStatus.BAD_REQUEST,
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return allauth_oidc.configuration(request)
