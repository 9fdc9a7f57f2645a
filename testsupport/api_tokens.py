"""Partner Center API access tokens shaped like the mock Entra ID's (docs/tokens.md), for the
API's tests and benchmark, signed by ``testsupport.key_provider.KeyProvider``."""

from __future__ import annotations

import time
import uuid
from typing import Any

CONTOSO = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
FABRIKAM = "9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03"
AUTOMATION_APP = "0c8f4a1e-5b2d-4e6f-9a7c-1d3e5f7a9b11"
AUDIENCE = "https://api.partnercenter.microsoft.com"


def access_token_claims(
    *,
    kind: str = "app+user",
    tenant_id: str = CONTOSO,
    upn: str = "admin.agent@contoso.com",
    roles: tuple[str, ...] = ("AdminAgent",),
    amr: list[str] | None = None,
    app_id: str = AUTOMATION_APP,
    lifetime: int = 3600,
) -> dict[str, Any]:
    """The claims of a Partner Center API token as the mock Entra ID issues them."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": AUDIENCE, "iss": f"https://sts.windows.net/{tenant_id}/", "iat": now,
        "nbf": now, "exp": now + lifetime, "appid": app_id, "appidacr": "1", "tid": tenant_id,
        "ver": "1.0",
    }
    if kind == "app-only":
        service_principal = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sp:{app_id}"))
        claims.update(idtyp="app", oid=service_principal, sub=service_principal)
        return claims
    object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"user:{upn}"))
    claims.update(
        oid=object_id, sub=object_id, upn=upn, unique_name=upn, name=upn, roles=list(roles),
        scp="user_impersonation", amr=["pwd", "mfa"] if amr is None else amr, acr="1",
    )
    return claims
