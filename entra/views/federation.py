"""Entra's side of federation (journey 2): home-realm discovery on the sign-in page, the hop to
the tenant's IdP, its answer, and the return trip that ``enforceMfaByFederatedIdp`` asks for."""

from __future__ import annotations

from http import HTTPStatus

import jwt
import requests
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import LoginView
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.idpkit.allauth_internals import jwtkit
from entra import federation
from entra.models import Tenant
from entra.views.mfa import safe_next

ALGORITHMS = ("RS256",)


def _idp_unavailable(request: HttpRequest) -> HttpResponse:
    return render(
        request, "entra/federation_error.html",
        {"message": _(
            "Your organization's sign-in service is not answering right now. Nothing was "
            "lost; try again shortly."
        )},
        status=HTTPStatus.SERVICE_UNAVAILABLE,
    )


def _start(request: HttpRequest, **kwargs) -> HttpResponse:
    try:
        return federation.start(request, **kwargs)
    except requests.RequestException:
        return _idp_unavailable(request)


class EntraLoginView(LoginView):
    """allauth's sign-in page, with home-realm discovery: a UPN of a federated domain goes to
    that domain's identity provider instead of being checked against a password here."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        upn = request.POST.get("login", "").strip().lower()
        tenant = federation.tenant_for_upn(upn)
        if tenant is None:
            return super().post(request, *args, **kwargs)
        return _start(
            request, tenant=tenant, upn=upn, next_url=get_next_redirect_url(request),
            require_mfa=False,
        )


login = EntraLoginView.as_view()


def _back_to_the_idp(request: HttpRequest, *, require_mfa: bool) -> HttpResponse:
    tenant: Tenant | None = request.user.tenant
    if tenant is None or not tenant.is_federated:
        raise Http404("Not a federated user.")
    return _start(
        request, tenant=tenant, upn=request.user.email, next_url=safe_next(request),
        require_mfa=require_mfa, fresh=not require_mfa,
    )


@require_GET
@never_cache
@login_required
def federation_mfa(request: HttpRequest) -> HttpResponse:
    """``enforceMfaByFederatedIdp``: back to the federated IdP, asking it for MFA this time."""
    return _back_to_the_idp(request, require_mfa=True)


@require_GET
@never_cache
@login_required
def federation_signin(request: HttpRequest) -> HttpResponse:
    """``prompt=login`` or ``max_age`` for a federated user: a fresh sign-in at the IdP."""
    return _back_to_the_idp(request, require_mfa=False)


class _VerifyingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect client, made to check the ID token's signature every time.

    allauth skips it when the token came straight from the token endpoint (OIDC Core 3.1.3.7
    allows that over TLS); Entra verifies every federated assertion, and the demo's origins
    speak plain HTTP.
    """

    def _decode_id_token(self, app, id_token: str) -> dict:
        # allauth takes the algorithm from the token's own header and lets a token without a
        # kid or a jti through (or fail with a KeyError): pin RS256, and require both, so that
        # every assertion is signed by a published key and can be used only once.
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise OAuth2Error("The federated ID token is not a JWT.") from exc
        if header.get("alg") not in ALGORITHMS or not isinstance(header.get("kid"), str):
            raise OAuth2Error("The federated ID token is not signed with a published RS256 key.")
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        if not claims.get("jti"):
            raise OAuth2Error("The federated ID token has no jti, so a replay would pass.")
        return claims


def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The federated IdP's answer (allauth's callback, with the stricter ID-token check)."""
    if not Tenant.objects.filter(federation_provider=provider_id).exists():
        raise Http404("No domain is federated to that identity provider.")
    try:
        return OAuth2CallbackView.adapter_view(_VerifyingAdapter(request, provider_id))(request)
    except requests.RequestException:
        return _idp_unavailable(request)


@require_GET
def cancelled(request: HttpRequest) -> HttpResponse:
    return render(
        request, "entra/federation_error.html",
        {"message": _("The sign-in at your organization's identity provider was cancelled.")},
        status=HTTPStatus.UNAUTHORIZED,
    )
