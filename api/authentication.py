"""Bearer authentication of the API (DRF), and Partner Center's MFA rule for App+User tokens."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from api.errors import REALM, MfaRequired
from api.principal import ApiPrincipal
from api.tokens import bearer_token, verify_access_token
from portal.workspace import workspace_ensure


class PartnerCenterBearerAuthentication(BaseAuthentication):
    """A verified access token, or a ``TokenError``; then, for App+User, MFA or the exact 401.

    The MFA rule applies to every operation, before any other check, as Partner Center answers
    an App+User call without MFA whatever it asks for. The principal is kept on the request
    (``api_principal``) even when refused for MFA, so the refusal is recorded for the Security
    workspace's compliance figures.
    """

    def authenticate(self, request: Request) -> tuple[ApiPrincipal, str]:
        token = bearer_token(request.META.get("HTTP_AUTHORIZATION"))
        principal = ApiPrincipal.from_claims(verify_access_token(token))
        request._request.api_principal = principal
        if not principal.is_app_only and not principal.has_mfa:
            raise MfaRequired(
                "The App+User token's amr claim has no 'mfa': sign the user in with "
                "multifactor authentication and get a new token."
                if principal.amr_present
                else "The App+User token has no amr claim, so it does not show MFA."
            )
        # First call of a partner tenant that never signed in to the pages: its demo records.
        workspace_ensure(partner_tenant_id=principal.tenant_id)
        return principal, token

    def authenticate_header(self, request: Request) -> str:
        return REALM
