from datetime import date
from decimal import Decimal

import pytest

from billing.models import InvoiceLine
from billing.selectors import (
    RECONCILIATION_COLUMNS,
    invoice_get,
    invoice_list,
    reconciliation_rows,
)
from billing.services import billing_seed_demo, invoice_create
from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    billing_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    billing_seed_demo(partner_tenant_id=FABRIKAM_TENANT_ID)


def test_invoice_list_holds_only_the_partners_invoices_newest_first(seeded):
    invoices = list(invoice_list(partner_tenant_id=CONTOSO_TENANT_ID))

    assert len(invoices) == 3
    assert {str(i.partner_tenant_id) for i in invoices} == {CONTOSO_TENANT_ID}
    starts = [i.billing_period_start for i in invoices]
    assert starts == sorted(starts, reverse=True)


def test_invoice_total_is_the_sum_of_its_lines(seeded):
    for invoice in invoice_list(partner_tenant_id=CONTOSO_TENANT_ID):
        amounts = InvoiceLine.objects.filter(invoice=invoice).values_list("amount", flat=True)
        assert invoice.total == sum(amounts, Decimal(0))
        assert invoice.total > 0


def test_invoice_without_lines_totals_zero():
    invoice_create(
        partner_tenant_id=CONTOSO_TENANT_ID, number="G000000001",
        billing_period_start=date(2025, 1, 1), billing_period_end=date(2025, 1, 31),
        issue_date=date(2025, 2, 1), status="due",
    )

    assert invoice_get(partner_tenant_id=CONTOSO_TENANT_ID, number="G000000001").total == 0


def test_invoice_get_does_not_find_another_partners_invoice(seeded):
    fabrikam_number = invoice_list(partner_tenant_id=FABRIKAM_TENANT_ID).first().number

    assert invoice_get(partner_tenant_id=CONTOSO_TENANT_ID, number=fabrikam_number) is None
    assert invoice_get(partner_tenant_id=FABRIKAM_TENANT_ID, number=fabrikam_number) is not None
    assert invoice_get(partner_tenant_id=CONTOSO_TENANT_ID, number="G999999999") is None


def test_reconciliation_rows_one_per_line_with_every_column(seeded):
    invoice = invoice_list(partner_tenant_id=CONTOSO_TENANT_ID).first()

    rows = reconciliation_rows(invoice=invoice)

    assert len(rows) == invoice.lines.count()
    assert all(tuple(row) == RECONCILIATION_COLUMNS for row in rows)
    assert {row["InvoiceNumber"] for row in rows} == {invoice.number}
    assert {row["PartnerId"] for row in rows} == {CONTOSO_TENANT_ID}
    assert sum(row["Amount"] for row in rows) == invoice.total
