"""What an authorization request asks of the sign-in, beyond what allauth's IdP reads.

allauth ignores ``acr_values`` and ``amr_values``. Entra ID, for a domain whose
``federatedIdpMfaBehavior`` is ``enforceMfaByFederatedIdp``, sends AD FS
``acr_values=http://schemas.microsoft.com/claims/multipleauthn``: AD FS must then do MFA itself,
whatever its own policy says for the user. ``amr_values=mfa`` (Entra's v1 step-up parameter)
is accepted as the same request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MULTIPLEAUTHN = "http://schemas.microsoft.com/claims/multipleauthn"
MFA_ACR_VALUES = frozenset({MULTIPLEAUTHN})
MFA_AMR_VALUES = frozenset({"mfa"})


def _words(value: str | None) -> set[str]:
    return set((value or "").split())


@dataclass(frozen=True)
class AuthnRequest:
    mfa: bool = False  # the client asks for MFA in this sign-in
    force_login: bool = False  # prompt=login: the password again
    silent: bool = False  # prompt=none: no page may be shown
    login_hint: str | None = None


def parse_authn_request(params: Mapping[str, str]) -> AuthnRequest:
    prompt = _words(params.get("prompt"))
    return AuthnRequest(
        mfa=bool(
            _words(params.get("acr_values")) & MFA_ACR_VALUES
            or _words(params.get("amr_values")) & MFA_AMR_VALUES
        ),
        force_login="login" in prompt,
        silent="none" in prompt,
        login_hint=(params.get("login_hint") or "").strip() or None,
    )
