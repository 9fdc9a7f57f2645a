from __future__ import annotations

import pytest

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.models import Customer
from portal.workspace import workspace_ensure


@pytest.mark.django_db
def test_a_tenant_is_seeded_at_its_first_sign_in_only(django_assert_max_num_queries):
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)
    seeded = Customer.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID).count()
    assert seeded > 0
    # Later sign-ins and step-ups: one lookup, no seeder runs.
    with django_assert_max_num_queries(3):
        workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)
    assert Customer.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID).count() == seeded

    workspace_ensure(partner_tenant_id=FABRIKAM_TENANT_ID)
    assert Customer.objects.filter(partner_tenant_id=FABRIKAM_TENANT_ID).count() == seeded
