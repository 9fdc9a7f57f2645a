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
    CustomerUser,
    LicenseAssignment,
    Order,
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


def order_list(*, customer: Customer) -> QuerySet[Order]:
    """The customer's orders, newest first, with their line items."""
    return customer.orders.prefetch_related("line_items__subscription")


def order_get(*, customer: Customer, order_id: str | uuid.UUID) -> Order | None:
    return order_list(customer=customer).filter(order_id=order_id).first()


def customer_user_list(*, customer: Customer) -> QuerySet[CustomerUser]:
    return customer.users.all()


def customer_user_get(*, customer: Customer, user_id: str | uuid.UUID) -> CustomerUser | None:
    return customer.users.filter(user_id=user_id).first()


def customer_user_license_list(*, user: CustomerUser) -> QuerySet[LicenseAssignment]:
    return user.licenses.all()


def sku_seats_available(*, customer: Customer, sku: str) -> int:
    """Licenses of ``sku`` bought (active subscriptions) and not yet assigned to a user."""
    bought = sum(
        customer.subscriptions.filter(status=Subscription.Status.ACTIVE, sku=sku)
        .values_list("quantity", flat=True)
    )
    assigned = LicenseAssignment.objects.filter(user__customer=customer, sku=sku).count()
    return bought - assigned


def admin_relationship_list(
    *, partner_tenant_id: str | uuid.UUID
) -> QuerySet[AdminRelationship]:
    """The partner's GDAP relationships, newest first, whatever their status."""
    return AdminRelationship.objects.filter(
        customer__partner_tenant_id=partner_tenant_id
    ).select_related("customer")


def admin_relationship_get(
    *, partner_tenant_id: str | uuid.UUID, relationship_id: str | uuid.UUID
) -> AdminRelationship | None:
    """The partner's relationship with this id, or None (also for another partner's)."""
    return admin_relationship_list(partner_tenant_id=partner_tenant_id).filter(
        relationship_id=relationship_id
    ).first()


def access_assignment_list(*, relationship: AdminRelationship) -> QuerySet[AccessAssignment]:
    return relationship.access_assignments.all()


def admin_relationship_is_active(*, relationship: AdminRelationship) -> bool:
    """Approved and not yet ended: only then do its roles count and can they be assigned."""
    # As customer_delegated_role_ids reads it: an active relationship past its end (or with
    # none set) grants nothing, whether or not anything has marked it expired.
    return (
        relationship.status == AdminRelationship.Status.ACTIVE
        and relationship.ends_at is not None
        and relationship.ends_at > timezone.now()
    )
