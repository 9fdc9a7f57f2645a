"""The fraud events' references into the Customers area's demo data (security.demo_data).

An event names its subscription by key; seeded, it must point at that subscription of the
partner, held by the customer the event names, and an Azure plan as every event describes.
"""

from __future__ import annotations

import dataclasses

import pytest

from conftest import CONTOSO_TENANT_ID
from customers import demo_data as customers_demo
from customers.models import Customer, Subscription
from customers.services import customers_seed_demo
from portal.workspace import workspace_ensure
from security.demo_data import DEMO_EVENTS
from security.models import FraudEvent
from security.services import security_seed_demo

pytestmark = pytest.mark.django_db

AZURE_PLAN = ("Azure plan", "DZH318Z0BPS6")


def _event_subscriptions() -> dict[tuple[str, str], tuple]:
    """Each seeded event of Contoso, by customer and type: its subscription's id and row."""
    found = {}
    for event in FraudEvent.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID):
        sub = Subscription.objects.select_related("customer").get(
            subscription_id=event.subscription_id, customer__partner_tenant_id=CONTOSO_TENANT_ID
        )
        found[str(event.customer_tenant_id), event.event_type] = (
            event.subscription_id, str(sub.customer.customer_tenant_id), sub.offer_name, sub.sku,
        )
    return found


def test_each_fraud_event_points_at_the_azure_plan_of_the_customer_it_names():
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)

    events = FraudEvent.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID)
    assert events.count() == len(DEMO_EVENTS)
    for event in events:
        # The subscription exists for this partner (not another's, not nowhere) ...
        sub = Subscription.objects.select_related("customer").get(
            subscription_id=event.subscription_id, customer__partner_tenant_id=CONTOSO_TENANT_ID
        )
        # ... belongs to the customer the event names, by tenant id and by name ...
        assert str(sub.customer.customer_tenant_id) == str(event.customer_tenant_id)
        assert sub.customer.company_name == event.customer_name
        # ... and is an Azure plan, as every event ("Azure fraud: ...") says.
        assert event.event_type.startswith("Azure fraud")
        assert (sub.offer_name, sub.sku) == AZURE_PLAN


def test_each_demo_event_names_the_subscription_of_its_key():
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)

    seeded = {
        (e.event_type, e.subscription_id)
        for e in FraudEvent.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID)
    }
    expected = {
        (demo.event_type, customers_demo.demo_subscription_id(
            partner_tenant_id=CONTOSO_TENANT_ID, key=demo.subscription
        ))
        for demo in DEMO_EVENTS
    }
    assert seeded == expected


def _reversed(customers):
    return tuple(
        dataclasses.replace(c, subscriptions=c.subscriptions[::-1]) for c in reversed(customers)
    )


def _rotated(customers):
    return tuple(
        dataclasses.replace(c, subscriptions=c.subscriptions[1:] + c.subscriptions[:1])
        for c in customers
    )


@pytest.mark.parametrize("reorder", [_reversed, _rotated], ids=["reversed", "rotated"])
def test_reordering_a_customers_subscriptions_keeps_each_event_on_its_subscription(
    monkeypatch, reorder
):
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    before = _event_subscriptions()
    FraudEvent.objects.all().delete()
    Customer.objects.all().delete()
    monkeypatch.setattr(customers_demo, "DEMO_CUSTOMERS", reorder(customers_demo.DEMO_CUSTOMERS))

    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    after = _event_subscriptions()
    assert after == before
    assert {(offer, sku) for _, _, offer, sku in after.values()} == {AZURE_PLAN}
