"""Reads of the Customers area, always scoped to one partner tenant.

Other apps (support, billing) use these too, so that no page can reach another partner's
customers by forgetting a filter.
"""

from __future__ import annotations

import uuid

from django.db.models import Count, QuerySet
from django.utils import timezone

from customers.models import (
    AccessAssignment,
    AdminRelationship,
    Customer,
    LicenseAssignment,
    Subscription,
)
from customers.roles import DAP_ROLES


def customer_list(*, partner_tenant_id: str | uuid.UUID) -> QuerySet[Customer]:
    """The partner's customers by company name, each annotated with ``subscription_count``."""
    return Customer.objects.filter(partner_tenant_id=partner_tenant_id).annotate(
        subscription_count=Count("subscriptions")
    )


def customer_get(
    *, partner_tenant_id: str | uuid.UUID, customer_tenant_id: str | uuid.UUID
) -> Customer | None:
    """The partner's customer with this tenant id, or None (also for another partner's customer).

    Returning None rather than raising leaves the answer to the caller: a view raises Http404,
    a form reports an invalid choice.
    """
    return Customer.objects.filter(
        partner_tenant_id=partner_tenant_id, customer_tenant_id=customer_tenant_id
    ).first()


def subscription_list(*, customer: Customer) -> QuerySet[Subscription]:
    return customer.subscriptions.all()


def customer_delegated_role_ids(
    *, customer: Customer, partner_roles: frozenset[str]
) -> frozenset[str]:
    """The Entra role ids the partner's agent holds in ``customer``'s tenant.

    DAP: what it gave each Partner Center role. GDAP: every role an active, unexpired
    relationship grants through an access assignment (which security groups the agent belongs to
    is the customer-tenant work's; until then a role assigned to any group counts).
    """
    if customer.relationship == Customer.Relationship.DAP:
        return frozenset().union(*(DAP_ROLES.get(role, frozenset()) for role in partner_roles))
    if customer.relationship != Customer.Relationship.GDAP:
        return frozenset()
    assignments = AccessAssignment.objects.filter(
        relationship__customer=customer,
        relationship__status=AdminRelationship.Status.ACTIVE,
        relationship__ends_at__gt=timezone.now(),
    ).values_list("role_ids", flat=True)
    return frozenset(role for role_ids in assignments for role in role_ids)


def customer_subscribed_skus(*, customer: Customer) -> list[dict[str, object]]:
    """The customer's licenses per SKU: seats bought (active subscriptions) and assigned."""
    totals: dict[str, dict[str, object]] = {}
    for subscription in customer.subscriptions.filter(status=Subscription.Status.ACTIVE):
        row = totals.setdefault(subscription.sku, {
            "skuId": subscription.sku, "productName": subscription.offer_name,
            "totalUnits": 0, "assignedUnits": 0,
        })
        row["totalUnits"] += subscription.quantity
    assigned = (
        LicenseAssignment.objects.filter(user__customer=customer)
        .values("sku").annotate(count=Count("id"))
    )
    for entry in assigned:
        if entry["sku"] in totals:
            totals[entry["sku"]]["assignedUnits"] = entry["count"]
    return [
        {**row, "availableUnits": row["totalUnits"] - row["assignedUnits"]}
        for row in sorted(totals.values(), key=lambda row: str(row["productName"]))
    ]
