"""Who is signed in, read only from the verified ID-token claims kept in the session.

The portal decides from these claims alone, as Partner Center does, so the same code works with
the mock IdP and with Microsoft Entra ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from accounts import conf
from accounts.conf import MfaClaim

CLAIMS_SESSION_KEY = "portal_id_token_claims"

# What counts as MFA, for the whole portal (this module is the only place that decides it: this
# constant, ``MfaRule`` and ``PartnerIdentity.has_mfa``): `ngcmfa` (Windows Hello, passkeys)
# satisfies an MFA requirement just like `mfa`.
MFA_METHODS = frozenset({"mfa", "ngcmfa"})


@dataclass(frozen=True)
class MfaRule:
    """Which claim of a token says MFA was done.

    ``amr`` holding one of ``MFA_METHODS`` (the mock, Entra's v1 tokens, and always the Partner
    Center API's App+User tokens); or ``acrs`` holding the authentication context whose
    Conditional Access policy requires MFA (Entra's v2 tokens carry no ``amr``).
    """

    claim: MfaClaim = MfaClaim.AMR
    auth_context: str = ""

    def satisfied(self, *, amr: tuple[str, ...], acrs: tuple[str, ...]) -> bool:
        if self.claim is MfaClaim.ACRS:
            return bool(self.auth_context) and self.auth_context in acrs
        return bool(MFA_METHODS & set(amr))


# The Partner Center API's rule (App+User tokens need mfa in amr), and the default.
AMR_RULE = MfaRule()


def portal_mfa_rule() -> MfaRule:
    """The rule of the portal's pages, from ``OIDC_STEPUP``/``OIDC_MFA_CLAIM`` (``accounts.conf``).

    Raises ``accounts.conf.ConfigurationError`` for a setting that cannot work.
    """
    claim = conf.mfa_claim()
    if claim is MfaClaim.ACRS:
        return MfaRule(claim=claim, auth_context=conf.auth_context())
    return AMR_RULE

# Entra expresses the two directory roles of the matrix as role template ids in `wids`.
DIRECTORY_ROLES = {
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "SecurityAdmin",
    "b0f54661-2d74-4c50-afa3-1ec803f12efe": "BillingAdmin",
}


@dataclass(frozen=True)
class PartnerIdentity:
    object_id: str
    tenant_id: str
    upn: str
    name: str
    roles: frozenset[str]
    amr: tuple[str, ...]
    auth_time: int | None
    # Conditional Access authentication contexts the token says were satisfied (Entra's acrs).
    acrs: tuple[str, ...] = ()
    mfa_rule: MfaRule = field(default=AMR_RULE)

    @property
    def has_mfa(self) -> bool:
        """Whether the token says MFA was done, by ``mfa_rule`` (by default: ``amr`` holds one
        of ``MFA_METHODS``)."""
        return self.mfa_rule.satisfied(amr=self.amr, acrs=self.acrs)

    @classmethod
    def from_claims(
        cls, claims: dict[str, Any], *, mfa_rule: MfaRule = AMR_RULE
    ) -> PartnerIdentity:
        """The identity ``claims`` describe; ``mfa_rule`` says what counts as MFA.

        The default is the ``amr`` rule, which the Partner Center API applies to App+User
        tokens whatever the portal's sign-in uses; the portal's pages pass
        ``portal_mfa_rule()`` (``identity_from_session``).
        """
        roles = {str(role) for role in claims.get("roles") or ()}
        wids = claims.get("wids") or ()
        roles |= {DIRECTORY_ROLES[wid] for wid in wids if wid in DIRECTORY_ROLES}
        upn = (
            claims.get("upn") or claims.get("preferred_username") or claims.get("unique_name")
            or claims.get("email") or ""
        )
        return cls(
            object_id=str(claims.get("oid") or claims["sub"]),
            tenant_id=str(claims.get("tid", "")),
            upn=str(upn),
            name=str(claims.get("name") or upn),
            roles=frozenset(roles),
            amr=tuple(str(method) for method in claims.get("amr") or ()),
            auth_time=claims.get("auth_time"),
            acrs=tuple(str(context) for context in claims.get("acrs") or ()),
            mfa_rule=mfa_rule,
        )


def identity_from_session(request: HttpRequest) -> PartnerIdentity | None:
    """The signed-in identity, or None when the session holds no verified claims.

    ``accounts.middleware.IdentityMiddleware`` calls this once per request and attaches the
    answer as ``request.identity``; read that instead.
    """
    if not request.user.is_authenticated:
        return None
    claims = request.session.get(CLAIMS_SESSION_KEY)
    if not claims:
        return None
    return PartnerIdentity.from_claims(claims, mfa_rule=portal_mfa_rule())
