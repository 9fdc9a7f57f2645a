"""The resource tenant: the tenant a sign-in is for, when it is not simply the user's own.

Entra's ``https://login.microsoftonline.com/<tenant>/...`` makes that tenant the authority: a
partner agent who signs in there gets tokens *of the customer's directory* (``tid`` = the
customer), which GDAP lets them into. Two callers decide who may act in a tenant by the same
rules: the tenant-prefixed authorize/token endpoints (``entra.views.oidc``) and the customer's
admin center (``entra.views.admin_center``). Each turns a refusal into its own answer (an OAuth
``access_denied`` with Entra's AADSTS50020 text, or a page).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field

from entra.gdap import selectors as gdap_selectors
from entra.models import GdapRelationship, Tenant, User

# Entra's v1 issuer of a tenant: the ``idp`` claim naming a partner agent's home tenant, and
# the ``iss`` of Partner Center API access tokens.
STS_ISSUER = "https://sts.windows.net/{tid}/"

# The request attributes the tenant-prefixed endpoints set, read by the OIDC adapter.
AUTHORITY_ATTR = "entra_authority"
ACCESS_ATTR = "entra_resource_access"


def sts_issuer(tenant_id: uuid.UUID | str) -> str:
    return STS_ISSUER.format(tid=tenant_id)


def tenant_from_authority(*, value: str) -> Tenant | None:
    """The tenant a path's authority segment names, as Entra accepts it: its id or one of its
    domains. None for anything else (unknown, malformed): the caller answers 400, never a
    redirect, since nothing about the request can be trusted yet."""
    value = value.strip().lower()
    if not value or len(value) > 253:
        return None
    try:
        return Tenant.objects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        return Tenant.objects.filter(domain=value).first()


class Refusal(enum.Enum):
    # The agent's partner tenant has no active GDAP relationship with the resource tenant.
    NO_RELATIONSHIP = "no_relationship"
    # Relationships exist, but no role of them reaches the agent through a security group.
    NO_ROLE = "no_role"


@dataclass(frozen=True)
class ResourceAccess:
    """Who ``user`` is in ``tenant``: its own user, or a partner agent with GDAP roles."""

    user: User
    tenant: Tenant
    # The partner tenant a partner agent acts from; None for a user of the tenant itself.
    partner_tenant: Tenant | None
    # Entra role template ids held in the tenant: the GDAP roles reaching a partner agent, or
    # the directory roles of the tenant's own user.
    roles: frozenset[str]
    relationships: tuple[GdapRelationship, ...] = field(default=())
    refusal: Refusal | None = None

    @property
    def delegated(self) -> bool:
        """A partner agent acting in a customer's tenant (the token's ``tid`` is not home)."""
        return self.partner_tenant is not None

    @property
    def granted(self) -> bool:
        return self.refusal is None


def resource_access(*, user: User, tenant: Tenant) -> ResourceAccess:
    """What ``user`` may be in ``tenant``: at home, always itself; from another tenant, only
    through an active GDAP relationship with at least one role reaching them."""
    if user.tenant_id == tenant.pk:
        return ResourceAccess(
            user=user, tenant=tenant, partner_tenant=None, roles=frozenset(user.directory_roles)
        )
    access = gdap_selectors.agent_delegated_access(user=user, customer_tenant=tenant)
    refusal = None
    if not access.has_active_relationship:
        refusal = Refusal.NO_RELATIONSHIP
    elif not access.roles:
        refusal = Refusal.NO_ROLE
    return ResourceAccess(
        user=user, tenant=tenant, partner_tenant=user.tenant, roles=access.roles,
        relationships=access.relationships, refusal=refusal,
    )


def refusal_description(access: ResourceAccess, *, client_id: str, client_name: str) -> str:
    """Entra's answer to a user who is not in the resource tenant (AADSTS50020), followed by
    what the simulator knows is missing. English, as Entra's error descriptions are: it goes to
    the client in a redirect, not to a page."""
    home = access.user.tenant
    idp = sts_issuer(home.pk) if home else "-"
    missing = {
        Refusal.NO_RELATIONSHIP: (
            f"{home.name if home else '-'} has no active GDAP relationship with "
            f"{access.tenant.name}."
        ),
        Refusal.NO_ROLE: (
            f"No GDAP role of the relationship with {access.tenant.name} reaches "
            f"{access.user.email} through a security group."
        ),
    }[access.refusal]
    return (
        f"AADSTS50020: User account '{access.user.email}' from identity provider '{idp}' does "
        f"not exist in tenant '{access.tenant.name}' and cannot access the application "
        f"'{client_id}'({client_name}) in that tenant. The account needs to be added as an "
        f"external user in the tenant first. {missing}"
    )
