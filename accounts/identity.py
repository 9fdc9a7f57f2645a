"""Who is signed in, read only from the verified ID-token claims kept in the session.

The portal decides from these claims alone, as Partner Center does, so the same code works with
the mock IdP and with Microsoft Entra ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

CLAIMS_SESSION_KEY = "portal_id_token_claims"

# What counts as MFA, for the whole portal (this constant and ``PartnerIdentity.has_mfa`` are
# the only place that decides it): `ngcmfa` (Windows Hello, passkeys) satisfies an MFA
# requirement just like `mfa`.
MFA_METHODS = frozenset({"mfa", "ngcmfa"})

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

    @property
    def has_mfa(self) -> bool:
        """Whether the token says MFA was done: ``amr`` holds one of ``MFA_METHODS``."""
        return bool(MFA_METHODS & set(self.amr))

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> PartnerIdentity:
        roles = {str(role) for role in claims.get("roles") or ()}
        wids = claims.get("wids") or ()
        roles |= {DIRECTORY_ROLES[wid] for wid in wids if wid in DIRECTORY_ROLES}
        upn = claims.get("upn") or claims.get("preferred_username") or claims.get("email") or ""
        return cls(
            object_id=str(claims.get("oid") or claims["sub"]),
            tenant_id=str(claims.get("tid", "")),
            upn=str(upn),
            name=str(claims.get("name") or upn),
            roles=frozenset(roles),
            amr=tuple(str(method) for method in claims.get("amr") or ()),
            auth_time=claims.get("auth_time"),
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
    return PartnerIdentity.from_claims(claims)
