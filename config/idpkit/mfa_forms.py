"""allauth's MFA code forms, with each TOTP code good once for as long as it is accepted.

allauth remembers a used code for one TOTP period (30 s), but with a tolerance of one period
either way a code is accepted for about 90 s: after 30 s the same code passed again, in another
session. These forms remember it for the whole window. Both identity providers use them
(``MFA_FORMS``).
"""

from __future__ import annotations

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from django.core.cache import cache

from .allauth_internals import normalize_user_code


class _SingleUseCode:
    def clean_code(self) -> str:
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

