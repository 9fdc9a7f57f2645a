"""allauth account adapter: no self-service sign-up, AD FS's wording, and its MFA policy."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.idpkit.failure_limits import FailureCountingAccountAdapter

_ALLAUTH_MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


class AdfsAccountAdapter(FailureCountingAccountAdapter, DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # AD FS's own words for a wrong user name or password.
        "email_password_mismatch": _(
            "Incorrect user ID or password. Type the correct user ID and password, and try again."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # users come from Wingtip's directory (here: the seed)

    def get_login_stages(self) -> list[str]:
        # allauth asks every enrolled user for MFA; AD FS skips users its policy exempts.
        return [
            "adfs.stages.DirectoryMfaStage" if stage == _ALLAUTH_MFA_STAGE else stage
            for stage in super().get_login_stages()
        ]
