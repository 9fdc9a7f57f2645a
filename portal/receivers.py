from __future__ import annotations

from accounts.identity import PartnerIdentity
from portal.workspace import workspace_ensure


def provision_workspace(*, identity: PartnerIdentity, **kwargs) -> None:
    workspace_ensure(partner_tenant_id=identity.tenant_id)
