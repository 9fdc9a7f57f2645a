from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from billing.models import Invoice, InvoiceLine

# Columns of the reconciliation file, named as in Partner Center's invoice reconciliation file
# so that a partner's existing import scripts recognise them.
RECONCILIATION_COLUMNS: tuple[str, ...] = (
    "PartnerId",
    "CustomerId",
    "CustomerName",
    "InvoiceNumber",
    "ChargeStartDate",
    "ChargeEndDate",
    "ProductName",
    "SkuName",
    "ChargeType",
    "Quantity",
    "UnitPrice",
    "Amount",
    "Currency",
)


def _with_total(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    # The total is always summed from the lines, so it can never disagree with them.
    return invoices.annotate(
        total=Coalesce(
            Sum("lines__amount"),
            Value(Decimal("0.00")),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )


def invoice_list(*, partner_tenant_id: str) -> QuerySet[Invoice]:
    """The partner's invoices, newest period first, each annotated with ``total``."""
    return _with_total(Invoice.objects.filter(partner_tenant_id=partner_tenant_id))


def invoice_get(*, partner_tenant_id: str, number: str) -> Invoice | None:
    """The partner's invoice ``number`` with ``total``, or None (also for another partner's)."""
    return invoice_list(partner_tenant_id=partner_tenant_id).filter(number=number).first()


def invoice_line_list(*, invoice: Invoice) -> QuerySet[InvoiceLine]:
    return invoice.lines.all()


def reconciliation_rows(*, invoice: Invoice) -> list[dict[str, object]]:
    """One row per invoice line, keyed by ``RECONCILIATION_COLUMNS``; values are not escaped."""
    return [
        {
            "PartnerId": str(invoice.partner_tenant_id),
            "CustomerId": str(line.customer_tenant_id),
            "CustomerName": line.customer_name,
            "InvoiceNumber": invoice.number,
            "ChargeStartDate": invoice.billing_period_start.isoformat(),
            "ChargeEndDate": invoice.billing_period_end.isoformat(),
            "ProductName": line.product,
            "SkuName": line.sku,
            "ChargeType": line.charge_type,
            "Quantity": line.quantity,
            "UnitPrice": line.unit_price,
            "Amount": line.amount,
            "Currency": invoice.currency,
        }
        for line in invoice_line_list(invoice=invoice)
    ]
