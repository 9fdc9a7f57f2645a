from __future__ import annotations

import pytest

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.services import customers_seed_demo
from support.selectors import support_request_get, support_request_list
from support.services import support_seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partners_seeded() -> None:
    for tenant_id in (CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID):
        customers_seed_demo(partner_tenant_id=tenant_id)
        support_seed_demo(partner_tenant_id=tenant_id)


def test_list_holds_only_the_partners_requests(two_partners_seeded):
    contoso = list(support_request_list(partner_tenant_id=CONTOSO_TENANT_ID))
    fabrikam = list(support_request_list(partner_tenant_id=FABRIKAM_TENANT_ID))

    assert len(contoso) == 3
    assert len(fabrikam) == 3
    assert not {r.number for r in contoso} & {r.number for r in fabrikam}
    assert [r.created_at for r in contoso] == sorted((r.created_at for r in contoso), reverse=True)


def test_get_does_not_return_another_partners_request(two_partners_seeded):
    fabrikam_request = support_request_list(partner_tenant_id=FABRIKAM_TENANT_ID).first()

    assert support_request_get(
        partner_tenant_id=CONTOSO_TENANT_ID, number=fabrikam_request.number
    ) is None
    assert support_request_get(
        partner_tenant_id=FABRIKAM_TENANT_ID, number=fabrikam_request.number
    ) == fabrikam_request
    assert support_request_get(partner_tenant_id=CONTOSO_TENANT_ID, number="nonsense") is None
