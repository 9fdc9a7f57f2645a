from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from billing.demo_data import INVOICE_CHARGES, DemoCharge
from billing.models import Invoice, InvoiceLine

PAYMENT_TERMS = timedelta(days=30)


def _month_start(day: date, *, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _invoice_number(*, partner_tenant_id: str, period_start: date) -> str:
    """A Partner Center-like number ("G" and nine digits), stable for a partner and a month.

    Part of it comes from the tenant id so that two partners' invoices do not look alike.
    """
    tenant_digits = uuid.UUID(partner_tenant_id).int % 10**5
    return f"G{tenant_digits:05d}{period_start.year % 100:02d}{period_start.month:02d}"


@transaction.atomic
def invoice_create(
    *,
    partner_tenant_id: str,
    number: str,
    billing_period_start: date,
    billing_period_end: date,
    issue_date: date,
    status: Invoice.Status,
    charges: tuple[DemoCharge, ...] = (),
) -> Invoice:
    """Create an invoice with its lines; each line's amount is quantity times unit price."""
    invoice = Invoice.objects.create(
        partner_tenant_id=partner_tenant_id,
        number=number,
        billing_period_start=billing_period_start,
        billing_period_end=billing_period_end,
        issue_date=issue_date,
        due_date=issue_date + PAYMENT_TERMS,
        status=status,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            customer_name=charge.customer_name,
            customer_tenant_id=charge.customer_tenant_id,
            product=charge.product,
            sku=charge.sku,
            charge_type=charge.charge_type,
            quantity=charge.quantity,
            unit_price=charge.unit_price,
            amount=charge.quantity * charge.unit_price,
        )
        for charge in charges
    )
    return invoice


def billing_seed_demo(*, partner_tenant_id: str, today: date | None = None) -> None:
    """Give a partner the invoices of its last three complete months, once.

    The newest is still due and the older ones are paid. A partner that already has any invoice
    is left alone, so a trainer's changes survive the next sign-in.
    """
    if Invoice.objects.filter(partner_tenant_id=partner_tenant_id).exists():
        return
    today = today or timezone.localdate()
    for months_back, charges in enumerate(INVOICE_CHARGES, start=1):
        period_start = _month_start(today, months_back=months_back)
        next_period_start = _month_start(today, months_back=months_back - 1)
        invoice_create(
            partner_tenant_id=partner_tenant_id,
            number=_invoice_number(partner_tenant_id=partner_tenant_id, period_start=period_start),
            billing_period_start=period_start,
            billing_period_end=next_period_start - timedelta(days=1),
            issue_date=next_period_start,
            status=Invoice.Status.DUE if months_back == 1 else Invoice.Status.PAID,
            charges=charges,
        )
