import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import Invoice, InvoiceLine
from billing.selectors import invoice_list
from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(sign_in):
    return sign_in(roles=("BillingAdmin",), upn="billing.admin@contoso.com")


@pytest.fixture
def latest(contoso) -> Invoice:
    return invoice_list(partner_tenant_id=CONTOSO_TENANT_ID).first()


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_invoice_list_shows_each_invoice_with_a_link(client, contoso):
    response = client.get(reverse("billing:invoices"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="invoice-row"') == 3
    for invoice in invoice_list(partner_tenant_id=CONTOSO_TENANT_ID):
        assert reverse("billing:invoice", args=[invoice.number]) in html
        assert f"{invoice.total:,.2f} USD" in html


def test_invoice_page_lists_lines_and_links_the_reconciliation_file(client, latest):
    response = client.get(reverse("billing:invoice", args=[latest.number]))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="invoice-line"') == latest.lines.count()
    assert 'data-testid="reconciliation-download"' in html
    assert reverse("billing:reconciliation", args=[latest.number]) in html
    assert "Adatum" in html


def test_billing_pages_belong_to_the_billing_area(client, sign_in):
    # A sales agent may not open Billing: proves the URLs sit under the policed namespace.
    sign_in(roles=("SalesAgent",), upn="sales.agent@contoso.com")

    assert client.get(reverse("billing:invoices")).status_code == 403


def test_another_partners_invoice_is_not_found(client, sign_in):
    sign_in(tenant_id=FABRIKAM_TENANT_ID, upn="admin.agent@fabrikam.com")
    fabrikam_number = invoice_list(partner_tenant_id=FABRIKAM_TENANT_ID).first().number
    sign_in(upn="admin.agent@contoso.com")

    assert client.get(reverse("billing:invoice", args=[fabrikam_number])).status_code == 404
    assert client.get(reverse("billing:reconciliation", args=[fabrikam_number])).status_code == 404
    assert client.get(reverse("billing:invoice", args=["G000000000"])).status_code == 404


def test_reconciliation_csv_is_a_download_named_after_the_invoice(client, latest):
    response = client.get(reverse("billing:reconciliation", args=[latest.number]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{latest.number}-reconciliation.csv"'
    )


def test_reconciliation_csv_has_the_header_and_one_row_per_line(client, latest):
    rows = _csv_rows(client.get(reverse("billing:reconciliation", args=[latest.number])))

    header, body = rows[0], rows[1:]
    for column in ("PartnerId", "CustomerId", "CustomerName", "InvoiceNumber", "ProductName",
                   "SkuName", "ChargeType", "Quantity", "UnitPrice", "Amount", "Currency"):
        assert column in header
    assert len(body) == latest.lines.count()
    records = [dict(zip(header, row, strict=True)) for row in body]
    assert {r["InvoiceNumber"] for r in records} == {latest.number}
    assert {r["PartnerId"] for r in records} == {CONTOSO_TENANT_ID}
    assert sum(Decimal(r["Amount"]) for r in records) == latest.total
    for record in records:
        assert Decimal(record["Amount"]) == int(record["Quantity"]) * Decimal(record["UnitPrice"])
    adatum = next(r for r in records if r["CustomerName"] == "Adatum")
    assert adatum["CustomerId"] == "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"


def test_reconciliation_csv_neutralises_formulas(client, latest):
    InvoiceLine.objects.create(
        invoice=latest, customer_name='=HYPERLINK("http://evil.example","Adatum")',
        customer_tenant_id="bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05",
        product="@SUM(1+1)", sku="+cmd", charge_type="new",
        quantity=1, unit_price=Decimal("1.00"), amount=Decimal("1.00"),
    )

    rows = _csv_rows(client.get(reverse("billing:reconciliation", args=[latest.number])))

    header = rows[0]
    evil = next(dict(zip(header, r, strict=True)) for r in rows[1:] if "evil" in "".join(r))
    assert evil["CustomerName"] == '\'=HYPERLINK("http://evil.example","Adatum")'
    assert evil["ProductName"] == "'@SUM(1+1)"
    assert evil["SkuName"] == "'+cmd"


@pytest.mark.parametrize("name", ["invoices", "invoice", "reconciliation"])
def test_billing_pages_only_answer_get(client, latest, name):
    args = [] if name == "invoices" else [latest.number]

    assert client.post(reverse(f"billing:{name}", args=args)).status_code == 405
