"""The invoice lines' references into the Customers area's demo data (billing.demo_data).

A charge names the subscription it bills by key; seeded, each line must name a customer the
partner has, by tenant id and name, and a product that customer holds.
"""

from __future__ import annotations

import pytest

from billing.demo_data import INVOICE_CHARGES, SEEDED_SKU_TEXTS
from billing.models import InvoiceLine
from conftest import CONTOSO_TENANT_ID
from customers.demo_data import demo_subscription_id
from customers.models import Customer, Subscription
from portal.workspace import workspace_ensure

pytestmark = pytest.mark.django_db


def test_each_invoice_line_names_a_seeded_customer_and_a_product_it_holds():
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)

    lines = InvoiceLine.objects.filter(invoice__partner_tenant_id=CONTOSO_TENANT_ID)
    assert lines.count() == sum(len(charges) for charges in INVOICE_CHARGES)
    for line in lines:
        customer = Customer.objects.get(
            partner_tenant_id=CONTOSO_TENANT_ID, customer_tenant_id=line.customer_tenant_id
        )
        assert customer.company_name == line.customer_name
        assert customer.subscriptions.filter(offer_name=line.product).exists(), line


def test_each_charge_bills_the_seeded_subscription_of_its_key():
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)

    for charges in INVOICE_CHARGES:
        for charge in charges:
            sub = Subscription.objects.select_related("customer").get(
                subscription_id=demo_subscription_id(
                    partner_tenant_id=CONTOSO_TENANT_ID, key=charge.subscription
                ),
                customer__partner_tenant_id=CONTOSO_TENANT_ID,
            )
            assert str(sub.customer.customer_tenant_id) == charge.customer_tenant_id
            assert sub.customer.company_name == charge.customer_name
            assert sub.offer_name == charge.product
            # The SKU description is the product's, for the subscription's term.
            assert charge.sku in SEEDED_SKU_TEXTS
            assert charge.sku.startswith(sub.offer_name)
            if charge.sku.endswith(("(annual)", "(monthly)")):
                assert charge.sku.endswith(f"({sub.billing_frequency})")
