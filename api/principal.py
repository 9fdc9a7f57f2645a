"""Who calls the API, read only from the verified access token's claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts.identity import PartnerIdentity
from compliance.models import AccessDecision

TokenKind = AccessDecision.TokenKind


@dataclass(frozen=True)
class ApiPrincipal:
    """An App+User caller (a user, through an application) or an app-only one (the
    application itself, by client credentials).

    ``roles``, ``amr`` and MFA are read exactly as the portal reads an ID token
    (``accounts.identity``), so the API and the pages agree on what counts as MFA.
    """

    kind: str
    tenant_id: str
    app_id: str
    object_id: str
    upn: str
    roles: frozenset[str]
    amr: tuple[str, ...]
    has_mfa: bool
    # Whether the token had an amr claim at all (an App+User token without one proves nothing).
    amr_present: bool

    # DRF reads request.user.is_authenticated.
    is_authenticated = True

    @property
    def is_app_only(self) -> bool:
        return self.kind == TokenKind.APP_ONLY

    @property
    def name(self) -> str:
        """The UPN of a user, the application id of an app-only caller."""
        return self.upn or self.app_id

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> ApiPrincipal:
        app_id = str(claims.get("appid") or claims.get("azp"))
        tenant_id = str(claims["tid"])
        # Entra marks app-only tokens with idtyp=app (an optional claim); without it, a token
        # with no delegated scopes (scp) was issued to the application itself.
        if claims.get("idtyp") == "app" or "scp" not in claims:
            return cls(
                kind=TokenKind.APP_ONLY, tenant_id=tenant_id, app_id=app_id,
                object_id=str(claims.get("oid") or claims.get("sub") or app_id), upn="",
                roles=frozenset(), amr=(), has_mfa=False, amr_present=False,
            )
        user = PartnerIdentity.from_claims({**claims, "sub": claims.get("sub") or app_id})
        return cls(
            kind=TokenKind.APP_USER, tenant_id=tenant_id, app_id=app_id,
            object_id=user.object_id, upn=user.upn, roles=user.roles, amr=user.amr,
            has_mfa=user.has_mfa, amr_present="amr" in claims,
        )
