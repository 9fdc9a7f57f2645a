"""Reads of GDAP: relationships, the roles an agent holds in a customer tenant, audit entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from entra.models import DirectoryAudit, GdapRelationship, SecurityGroup, Tenant, User

Status = GdapRelationship.Status


def tenant_get_customer(*, tenant_id: str | uuid.UUID) -> Tenant | None:
    """The customer tenant a URL names, or None: unknown, malformed, or not a customer."""
    try:
        tid = uuid.UUID(str(tenant_id))
    except ValueError:
        return None
    return Tenant.objects.filter(pk=tid, kind=Tenant.Kind.CUSTOMER).first()


def relationship_effective_status(*, relationship: GdapRelationship) -> str:
    """The status as of now: an active relationship past its end is expired even before
    anything wrote it (``relationship_expire`` writes it when it is next touched)."""
    if (
        relationship.status == Status.ACTIVE
        and relationship.ends_at is not None
        and relationship.ends_at <= timezone.now()
    ):
        return Status.EXPIRED
    return relationship.status


def relationships_of_customer(*, customer_tenant: Tenant) -> QuerySet[GdapRelationship]:
    return (
        GdapRelationship.objects.filter(customer_tenant=customer_tenant)
        .select_related("partner_tenant", "customer_tenant")
        .prefetch_related("access_assignments__security_group")
    )


def relationships_between(
    *, partner_tenant: Tenant, customer_tenant: Tenant
) -> list[GdapRelationship]:
    return list(
        GdapRelationship.objects.filter(
            partner_tenant=partner_tenant, customer_tenant=customer_tenant
        ).prefetch_related("access_assignments__security_group__members")
    )


@dataclass(frozen=True)
class DelegatedAccess:
    """What a partner agent holds in a customer tenant right now."""

    # Active relationships between the agent's tenant and the customer (none: no access at all).
    relationships: tuple[GdapRelationship, ...]
    # Role template ids reaching the agent through the security groups they are a member of,
    # each limited to the roles its relationship grants.
    roles: frozenset[str]

    @property
    def has_active_relationship(self) -> bool:
        return bool(self.relationships)


def agent_delegated_access(*, user: User, customer_tenant: Tenant) -> DelegatedAccess:
    if user.tenant_id is None or user.tenant_id == customer_tenant.pk:
        return DelegatedAccess(relationships=(), roles=frozenset())
    active = [
        r for r in relationships_between(
            partner_tenant=user.tenant, customer_tenant=customer_tenant
        )
        if relationship_effective_status(relationship=r) == Status.ACTIVE
    ]
    roles: set[str] = set()
    for relationship in active:
        for assignment in relationship.access_assignments.all():
            if any(m.pk == user.pk for m in assignment.security_group.members.all()):
                roles.update(set(assignment.roles) & set(relationship.roles))
    return DelegatedAccess(relationships=tuple(active), roles=frozenset(roles))


def relationships_of_partner(*, partner_tenant: Tenant) -> QuerySet[GdapRelationship]:
    """The partner's relationships, newest first (Partner Center's "Admin relationships")."""
    return (
        GdapRelationship.objects.filter(partner_tenant=partner_tenant)
        .select_related("customer_tenant")
        .prefetch_related("access_assignments__security_group")
        .order_by("-created_at")
    )


def _relationship(relationship_id: str, **scope: Tenant) -> GdapRelationship | None:
    try:
        rid = uuid.UUID(str(relationship_id))
    except ValueError:
        return None
    return (
        GdapRelationship.objects.select_related("customer_tenant", "partner_tenant")
        .filter(pk=rid, **scope)
        .first()
    )


def relationship_of_partner(
    *, partner_tenant: Tenant, relationship_id: str
) -> GdapRelationship | None:
    """One of the partner's relationships; None for an unknown, malformed or foreign id."""
    return _relationship(relationship_id, partner_tenant=partner_tenant)


def security_groups_of(*, tenant: Tenant) -> QuerySet[SecurityGroup]:
    return SecurityGroup.objects.filter(tenant=tenant).order_by("display_name")


def customer_tenants() -> QuerySet[Tenant]:
    return Tenant.objects.filter(kind=Tenant.Kind.CUSTOMER).order_by("name")


def audit_entries(*, tenant: Tenant, limit: int = 100) -> list[DirectoryAudit]:
    return list(DirectoryAudit.objects.filter(tenant=tenant)[:limit])


def relationship_of_customer(
    *, customer_tenant: Tenant, relationship_id: str
) -> GdapRelationship | None:
    """One of the customer's relationships; None for an unknown, malformed or foreign id."""
    return _relationship(relationship_id, customer_tenant=customer_tenant)
