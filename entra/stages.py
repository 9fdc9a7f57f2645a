from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage
from django.http import HttpRequest


class TenantPolicyMfaStage(AuthenticateStage):
    """allauth's MFA login stage, run only for users whose tenant requires MFA at every sign-in.

    Users of other tenants are asked for MFA later, when a client steps up (``amr_values=mfa``).
    """

    def _should_handle(self, request: HttpRequest) -> bool:
        user = self.login.user
        tenant = getattr(user, "tenant", None)
        if tenant is None or not tenant.requires_mfa_at_sign_in:
            return False
        if tenant.is_federated or tenant.third_party_mfa:
            return False  # MFA happens elsewhere; the authorize endpoint decides what counts

        return super()._should_handle(request)
