"""allauth's MFA code forms, with each TOTP code good once for as long as it is accepted.

allauth remembers a used code for one TOTP period (30 s), but with a tolerance of one period
either way a code is accepted for about 90 s: after 30 s the same code passed again, in another
session. These forms remember it for the whole window. Both identity providers use them
(``MFA_FORMS``).

Wrong codes (replays included) count against the user's sign-in failure limits
(``config.idpkit.failure_limits``): five lock MFA for the user, however many are sent at once.
allauth's own MFA limit is off with its ``login_failed`` rate (it counts attempts).
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.exceptions import ValidationError

from . import failure_limits
from .allauth_internals import normalize_user_code


class _SingleUseCode:
    def clean_code(self) -> str:
        try:
            with failure_limits.attempt(f"mfa:{self.user.pk}") as check:
                try:
                    return self._single_use_code()
                except ValidationError:
                    check.failed()
                    raise
        except failure_limits.TooManyFailures:
            raise get_account_adapter().validation_error("too_many_login_attempts") from None

    def _single_use_code(self) -> str:
        code = super().clean_code()
        if self.authenticator.type == Authenticator.Type.TOTP:
            window = mfa_settings.TOTP_PERIOD * (2 * mfa_settings.TOTP_TOLERANCE + 1)
            key = f"idpkit.mfa.used:{self.authenticator.pk}:{normalize_user_code(code)}"
            if not cache.add(key, True, timeout=window):
                raise get_adapter().validation_error("incorrect_code")
        return code


class SingleUseAuthenticateForm(_SingleUseCode, AuthenticateForm):
    """MFA at sign-in."""


class SingleUseReauthenticateForm(_SingleUseCode, ReauthenticateForm):
    """MFA at a step-up."""

