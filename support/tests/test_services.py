from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.demo_data import ADATUM_TENANT_ID
from customers.models import Customer
from customers.services import customers_seed_demo
from support import services
from support.models import SupportRequest
from support.services import support_request_create, support_seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def adatum() -> Customer:
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    return Customer.objects.get(
        partner_tenant_id=CONTOSO_TENANT_ID, customer_tenant_id=ADATUM_TENANT_ID
    )


def _create(customer: Customer, *, partner_tenant_id: str = CONTOSO_TENANT_ID) -> SupportRequest:
    return support_request_create(
        partner_tenant_id=partner_tenant_id,
        customer=customer,
        title="Mailbox migration stalled",
        description="The migration batch has been stuck at 40 percent for two days.",
        severity=SupportRequest.Severity.B,
        contact_email="admin.agent@contoso.com",
        created_by_upn="admin.agent@contoso.com",
    )


def test_create_numbers_requests_like_partner_center_one_after_another(adatum):
    first = _create(adatum)
    second = _create(adatum)

    prefix = f"{timezone.localdate():%y%m%d}001"
    assert re.fullmatch(r"\d{16}", first.number)
    assert first.number.startswith(prefix)
    assert int(second.number) == int(first.number) + 1
    assert second.status == SupportRequest.Status.OPEN


def test_create_takes_the_next_number_when_a_concurrent_request_took_it(adatum, monkeypatch):
    taken = _create(adatum)
    real_next = services._support_request_number_next
    proposals = iter([taken.number])

    # What a creation that read the same maximum a moment earlier would propose.
    def racing_next(*, day):
        return next(proposals, None) or real_next(day=day)

    monkeypatch.setattr(services, "_support_request_number_next", racing_next)

    created = _create(adatum)

    assert created.number != taken.number
    assert SupportRequest.objects.count() == 2


def test_create_refuses_another_partners_customer_and_saves_nothing(adatum):
    with pytest.raises(ValidationError):
        _create(adatum, partner_tenant_id=FABRIKAM_TENANT_ID)

    assert not SupportRequest.objects.exists()


def test_create_refuses_a_short_title_and_saves_nothing(adatum):
    with pytest.raises(ValidationError):
        support_request_create(
            partner_tenant_id=CONTOSO_TENANT_ID, customer=adatum, title="Help",
            description="A description that is long enough.", severity="A",
            contact_email="a@contoso.com", created_by_upn="a@contoso.com",
        )

    assert not SupportRequest.objects.exists()


def test_seed_opens_three_requests_once(adatum):
    support_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    numbers = set(SupportRequest.objects.values_list("number", flat=True))

    support_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert len(numbers) == 3
    assert set(SupportRequest.objects.values_list("number", flat=True)) == numbers
    assert all(r.customer.partner_tenant_id == adatum.partner_tenant_id
               for r in SupportRequest.objects.select_related("customer"))


def test_seed_leaves_a_partner_with_its_own_requests_alone(adatum):
    own = _create(adatum)

    support_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert list(SupportRequest.objects.all()) == [own]
