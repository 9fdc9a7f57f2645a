"""allauth account adapter: no self-service sign-up, MFA at sign-in by tenant policy, and
wrong passwords counted by outcome (``config.idpkit.failure_limits``)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.http import HttpRequest

from config.idpkit.failure_limits import FailureCountingAccountAdapter
from entra.security_info_access import security_info_unlocked

_ALLAUTH_MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


class EntraAccountAdapter(FailureCountingAccountAdapter, DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # directory users are created by the tenant admin (here: the seed)

    def add_message(self, *args, **kwargs) -> None:
        # Entra's pages show no "Successfully signed in as ..." banners; allauth's would turn up
        # on whichever IdP page comes next (a trainer's page, security info).
        return

    def get_login_stages(self) -> list[str]:
        # allauth asks every enrolled user for MFA at sign-in; Entra asks only where a policy
        # says so (John registered MFA but Fabrikam has no policy: password only at sign-in).
        return [
            "entra.stages.TenantPolicyMfaStage" if stage == _ALLAUTH_MFA_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # allauth wants a separate re-authentication before MFA registration even right after
        # sign-in; Entra's registration interrupt follows the password directly. But only for
        # a user with no method yet: one who has a method must have used it recently
        # (a recent password alone must never unlock the recovery codes).
        request = context.request
        if request is not None and security_info_unlocked(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)
