"""allauth socialaccount adapter: a federated IdP vouches only for users of its own domain.

Nobody signs up through federation (directory users come from the tenant admin, here the seed);
the asserted UPN is bound to the directory user of that UPN, and only in a tenant federated to
the IdP that asserted it: Wingtip AD FS cannot sign anyone into Contoso.
"""

from __future__ import annotations

from http import HTTPStatus

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from entra import selectors


class FederationAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        claims = sociallogin.account.extra_data.get("id_token") or {}
        upn = claims.get("upn") or claims.get("email")
        user = selectors.user_get_by_upn(upn=upn) if isinstance(upn, str) else None
        provider = sociallogin.account.provider
        vouched = (
            user is not None and user.is_active and user.tenant is not None
            and user.tenant.is_federated and user.tenant.federation_provider == provider
        )
        if not vouched or (sociallogin.is_existing and sociallogin.user != user):
            raise ImmediateHttpResponse(render(
                request, "entra/federation_error.html",
                {"message": _(
                    "The federated identity provider vouched for %(upn)s, who is not a user of "
                    "a domain federated to it."
                ) % {"upn": upn or "?"}},
                status=HTTPStatus.FORBIDDEN,
            ))
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
