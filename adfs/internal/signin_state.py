"""What the current AD FS session proves about the user: the ``amr`` and ``auth_time`` to issue.

AD FS names its methods in ``amr`` (its ``authnmethodsreferences``): the password is ``pwd``; a
sign-in that also passed AD FS's own MFA adds ``mfa`` and Microsoft's multiple-authentication
URI, the value Entra ID looks for to accept MFA done by a federated IdP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest

from adfs.internal.authn_request import MULTIPLEAUTHN
from adfs.models import User
from config.idpkit.authentication import current_authentication

AMR_PASSWORD_ONLY = ("pwd",)
AMR_WITH_MFA = ("pwd", "mfa", MULTIPLEAUTHN)


@dataclass(frozen=True)
class SignInState:
    amr: tuple[str, ...]
    auth_time: datetime | None  # None: the session records no sign-in (it proves nothing)

    @property
    def has_mfa(self) -> bool:
        return "mfa" in self.amr


def signin_state(request: HttpRequest, user: User) -> SignInState:
    authentication = current_authentication(request, user)
    if authentication.started_at is None:
        return SignInState(amr=(), auth_time=None)
    return SignInState(
        amr=AMR_WITH_MFA if authentication.has_mfa else AMR_PASSWORD_ONLY,
        auth_time=authentication.started_at,
    )
