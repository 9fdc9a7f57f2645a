"""allauth's WebAuthn forms (passkeys and security keys), hardened for the mock Entra ID.

Two gaps of allauth 65.21 closed here (``MFA_FORMS`` in the IdP's settings):

- a credential fido2 cannot parse (a missing ``rawId``, bad base64 in ``clientDataJSON``)
  escapes allauth's parsing as ``KeyError`` or ``ValueError``: a 500 for a malformed post.
  Here any such payload is the form error a wrong code gets;
- allauth's own MFA limit is off (``login_failed``: it counts attempts, see
  ``config.idpkit.failure_limits``), so wrong passkey answers would never lock anything.
  They count against the same per-user limit as wrong codes (``mfa:<user>``).
"""

from __future__ import annotations

import struct
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.adapter import get_adapter
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django.core.exceptions import ValidationError

from config.idpkit import failure_limits

# What fido2 raises on a payload it cannot read (besides the ValueError of a failed check).
_UNREADABLE = (KeyError, ValueError, TypeError, AttributeError, IndexError, struct.error)


def _incorrect() -> ValidationError:
    return get_adapter().validation_error("incorrect_code")


class CheckedAddWebAuthnForm(AddWebAuthnForm):
    """Registration: a malformed credential is a form error, never a 500."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            raise
        except _UNREADABLE as exc:
            raise _incorrect() from exc


class _CountedAnswer:
    user: Any

    def clean_credential(self):
        try:
            with failure_limits.attempt(f"mfa:{self.user.pk}") as check:
                try:
                    return self._checked_credential()
                except ValidationError:
                    check.failed()
                    raise
        except failure_limits.TooManyFailures:
            raise get_account_adapter().validation_error("too_many_login_attempts") from None

    def _checked_credential(self):
        try:
            return super().clean_credential()  # type: ignore[misc]
        except ValidationError:
            raise
        except _UNREADABLE as exc:
            raise _incorrect() from exc


class CountedAuthenticateWebAuthnForm(_CountedAnswer, AuthenticateWebAuthnForm):
    """A passkey at sign-in (the tenant policy's MFA stage)."""


class CountedReauthenticateWebAuthnForm(_CountedAnswer, ReauthenticateWebAuthnForm):
    """A passkey at a step-up."""
