"""What the current IdP session proves about the user: the basis of ``amr`` and ``auth_time``.

allauth already logs every authentication step of a session (password, MFA, re-authentication).
A password step starts a new authentication; the ``amr`` of the session is that password plus
every MFA step taken after it, so ``prompt=login`` or ``max_age`` really do start over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpRequest

from config.idpkit.allauth_internals import get_authentication_records
from entra import federation, third_party_mfa
from entra.models import Tenant, User

# allauth authenticator type -> the Entra ``amr`` value that names the method. "push" is ours
# (entra.push): Microsoft Authenticator's approval, which Entra names ``rsa``.
# entra.methods: SMS and voice as RFC 8176 names them (Entra: sms, tel), and a hardware OATH
# token's code as any one-time password (otp).
_MFA_METHOD_AMR = {
    "totp": "otp", "recovery_codes": "otp", "webauthn": "fido", "push": "rsa",
    "sms": "sms", "voice": "tel", "hardware_oath": "otp",
}
# The first factor that starts an authentication, and how amr names it.
_FIRST_FACTORS = {"password": "pwd", "password_reset": "pwd", "socialaccount": "fed"}


@dataclass(frozen=True)
class SignInState:
    amr: tuple[str, ...]
    auth_time: datetime | None
    # The latest MFA step of this authentication (security info needs a recent one).
    mfa_at: datetime | None = None
    # A third party's MFA prompt was passed in this authentication, whatever ``amr`` says.
    third_party_mfa_done: bool = False
    # This authentication came from a federated IdP that was asked for MFA
    # (enforceMfaByFederatedIdp): asking it again would loop.
    federated_mfa_asked: bool = False

    @property
    def has_mfa(self) -> bool:
        return "mfa" in self.amr or "ngcmfa" in self.amr

    def age_seconds(self, now: datetime) -> float | None:
        return None if self.auth_time is None else (now - self.auth_time).total_seconds()


def _entra_mfa_counts(user: User) -> bool:
    """Whether Entra's own MFA methods count for this user: not where the tenant's MFA is a
    third party's (journey 4), nor where the federated IdP must do it (enforceMfaByFederatedIdp).
    An Entra method such a user registered anyway must not stand in for the real one."""
    tenant = user.tenant
    if tenant is None:
        return True
    enforce = Tenant.FederatedIdpMfaBehavior.ENFORCE
    return not (
        tenant.third_party_mfa
        or (tenant.is_federated and tenant.federated_idp_mfa_behavior == enforce)
    )


def signin_state(request: HttpRequest, user: User) -> SignInState:
    records = get_authentication_records(request, user)
    first_factors = [i for i, r in enumerate(records) if r.get("method") in _FIRST_FACTORS]
    start = max(first_factors, default=None)
    if start is None:
        return SignInState(amr=(), auth_time=None)
    amr = [_FIRST_FACTORS[records[start]["method"]]]
    entra_mfa_counts = _entra_mfa_counts(user)
    mfa_at = None
    third_party_mfa_done = federated_mfa_asked = False
    for record in records[start + 1 :]:
        method = record.get("method")
        if method == federation.RECORD_METHOD:
            federated_mfa_asked = bool(record.get("mfa_required"))
            if not record.get("mfa_counts"):
                continue  # no MFA at the IdP, or rejectMfaByFederatedIdp
            values = ("mfa",)
        elif method == third_party_mfa.RECORD_METHOD:
            third_party_mfa_done = True
            if not third_party_mfa.counts_as_mfa(record.get("integration", "")):
                continue  # a custom control: the policy is met, amr learns nothing
            values = ("mfa",)
        elif method == "mfa" and entra_mfa_counts:
            values = ("mfa", _MFA_METHOD_AMR.get(record.get("type", ""), ""))
        else:
            continue
        mfa_at = datetime.fromtimestamp(record["at"], tz=UTC)
        amr.extend(v for v in values if v and v not in amr)
    auth_time = datetime.fromtimestamp(records[start]["at"], tz=UTC)
    return SignInState(
        amr=tuple(amr), auth_time=auth_time, mfa_at=mfa_at,
        third_party_mfa_done=third_party_mfa_done, federated_mfa_asked=federated_mfa_asked,
    )
