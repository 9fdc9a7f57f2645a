from datetime import date
from decimal import Decimal

import pytest

from billing.models import Invoice, InvoiceLine
from billing.services import billing_seed_demo
from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID

pytestmark = pytest.mark.django_db


def test_seed_gives_the_last_three_complete_months_newest_due():
    billing_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID, today=date(2025, 2, 10))

    invoices = list(Invoice.objects.order_by("-billing_period_start"))
    assert [(i.billing_period_start, i.billing_period_end) for i in invoices] == [
        (date(2025, 1, 1), date(2025, 1, 31)),
        (date(2024, 12, 1), date(2024, 12, 31)),
        (date(2024, 11, 1), date(2024, 11, 30)),
    ]
    assert [i.status for i in invoices] == ["due", "paid", "paid"]
    assert invoices[0].issue_date == date(2025, 2, 1)
    assert invoices[0].due_date == date(2025, 3, 3)
    assert all(i.number.startswith("G") and len(i.number) == 10 for i in invoices)
    assert all(4 <= i.lines.count() <= 8 for i in invoices)


def test_seed_lines_name_the_demo_customers_and_amount_is_quantity_times_price():
    billing_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    lines = InvoiceLine.objects.all()
    names = {line.customer_name for line in lines}
    assert {"Adatum", "Northwind Traders", "Woodgrove Bank"} <= names
    adatum = lines.filter(customer_name="Adatum").first()
    assert str(adatum.customer_tenant_id) == "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
    assert all(line.amount == line.quantity * line.unit_price for line in lines)
    assert all(line.amount > Decimal(0) for line in lines)


def test_seed_is_idempotent():
    billing_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    counts = (Invoice.objects.count(), InvoiceLine.objects.count())

    billing_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert (Invoice.objects.count(), InvoiceLine.objects.count()) == counts


def test_seed_is_per_partner_with_distinct_numbers():
    billing_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    billing_seed_demo(partner_tenant_id=FABRIKAM_TENANT_ID)

    contoso = set(Invoice.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID)
                  .values_list("number", flat=True))
    fabrikam = set(Invoice.objects.filter(partner_tenant_id=FABRIKAM_TENANT_ID)
                   .values_list("number", flat=True))
    assert len(contoso) == len(fabrikam) == 3
    assert not contoso & fabrikam
