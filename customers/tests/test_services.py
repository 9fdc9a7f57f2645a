from __future__ import annotations

import uuid

import pytest

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.demo_data import ADATUM_TENANT_ID
from customers.models import Customer, Subscription
from customers.services import customers_seed_demo

pytestmark = pytest.mark.django_db


def test_seed_gives_a_partner_adatum_and_other_customers_with_subscriptions():
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    customers = Customer.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID)
    assert {c.company_name for c in customers} >= {
        "Adatum", "Northwind Traders", "Tailspin Toys", "Relecloud", "Woodgrove Bank",
    }
    adatum = customers.get(customer_tenant_id=ADATUM_TENANT_ID)
    assert adatum.domain == "adatum.com"
    assert "Microsoft 365 E3" in {s.offer_name for s in adatum.subscriptions.all()}
    for customer in customers:
        assert 1 <= customer.subscriptions.count() <= 4


def test_seed_twice_creates_nothing_the_second_time():
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    customer_ids = set(Customer.objects.values_list("pk", flat=True))
    subscription_ids = set(Subscription.objects.values_list("subscription_id", flat=True))

    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert set(Customer.objects.values_list("pk", flat=True)) == customer_ids
    assert set(Subscription.objects.values_list("subscription_id", flat=True)) == subscription_ids


def test_seed_is_deterministic_per_partner_and_separate_between_partners():
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    contoso = set(
        Subscription.objects.filter(customer__partner_tenant_id=CONTOSO_TENANT_ID)
        .values_list("subscription_id", flat=True)
    )
    Subscription.objects.all().delete()
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    customers_seed_demo(partner_tenant_id=FABRIKAM_TENANT_ID)

    again = set(
        Subscription.objects.filter(customer__partner_tenant_id=CONTOSO_TENANT_ID)
        .values_list("subscription_id", flat=True)
    )
    fabrikam = set(
        Subscription.objects.filter(customer__partner_tenant_id=FABRIKAM_TENANT_ID)
        .values_list("subscription_id", flat=True)
    )
    assert again == contoso
    assert fabrikam
    assert not fabrikam & contoso
    # The same customer tenant may work with both partners: each sees its own record.
    assert Customer.objects.filter(customer_tenant_id=uuid.UUID(ADATUM_TENANT_ID)).count() == 2
