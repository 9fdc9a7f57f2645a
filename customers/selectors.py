"""Reads of the Customers area, always scoped to one partner tenant.

Other apps (support, billing) use these too, so that no page can reach another partner's
customers by forgetting a filter.
"""

from __future__ import annotations

import uuid

from django.db.models import Count, QuerySet

from customers.models import Customer, Subscription


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
