"""The support requests' references into the Customers area's demo data (support.demo_data).

A request names its customer by a tenant id customers.demo_data exports; seeded, every request
must exist (none skipped for a customer the partner lacks) and belong to that customer.
"""

from __future__ import annotations

import pytest

from conftest import CONTOSO_TENANT_ID
from customers.demo_data import DEMO_CUSTOMERS
from portal.workspace import workspace_ensure
from support.demo_data import DEMO_REQUESTS
from support.models import SupportRequest

pytestmark = pytest.mark.django_db


def test_each_support_request_belongs_to_the_seeded_customer_it_names():
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)
    demo_customers = {c.customer_tenant_id: c for c in DEMO_CUSTOMERS}

    requests = SupportRequest.objects.select_related("customer").filter(
        partner_tenant_id=CONTOSO_TENANT_ID
    )
    assert requests.count() == len(DEMO_REQUESTS)
    for demo in DEMO_REQUESTS:
        request = requests.get(title=demo.title)
        customer = request.customer
        assert str(customer.partner_tenant_id) == CONTOSO_TENANT_ID
        assert str(customer.customer_tenant_id) == demo.customer_tenant_id
        # A customer of the Customers area's demo data, the one the request's text is about.
        expected = demo_customers[demo.customer_tenant_id]
        assert customer.company_name == expected.company_name
        assert demo.contact_email.endswith(f"@{expected.domain}")
