from __future__ import annotations

import uuid

import pytest

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.demo_data import ADATUM_TENANT_ID
from customers.models import Customer
from customers.selectors import customer_get, customer_list
from customers.services import customers_seed_demo

pytestmark = pytest.mark.django_db

LITWARE_TENANT_ID = "5d0a8b4e-1c7f-4b5c-a9d6-4b3f2a1e0d55"


@pytest.fixture
def fabrikam_only_customer() -> Customer:
    return Customer.objects.create(
        partner_tenant_id=FABRIKAM_TENANT_ID, customer_tenant_id=LITWARE_TENANT_ID,
        company_name="Litware", domain="litware.com", country="FR",
        relationship=Customer.Relationship.GDAP,
    )


def test_customer_list_holds_only_the_partners_customers(fabrikam_only_customer):
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    contoso = customer_list(partner_tenant_id=CONTOSO_TENANT_ID)

    assert len(contoso) == 5
    assert "Litware" not in {c.company_name for c in contoso}
    assert all(c.partner_tenant_id == uuid.UUID(CONTOSO_TENANT_ID) for c in contoso)
    adatum = next(c for c in contoso if c.company_name == "Adatum")
    assert adatum.subscription_count == adatum.subscriptions.count()


def test_customer_get_does_not_return_another_partners_customer(fabrikam_only_customer):
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert customer_get(
        partner_tenant_id=CONTOSO_TENANT_ID, customer_tenant_id=LITWARE_TENANT_ID
    ) is None
    assert customer_get(
        partner_tenant_id=FABRIKAM_TENANT_ID, customer_tenant_id=LITWARE_TENANT_ID
    ) == fabrikam_only_customer
    adatum = customer_get(partner_tenant_id=CONTOSO_TENANT_ID, customer_tenant_id=ADATUM_TENANT_ID)
    assert adatum is not None
    assert adatum.partner_tenant_id == uuid.UUID(CONTOSO_TENANT_ID)
