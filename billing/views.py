from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from billing import selectors
from billing.models import Invoice
from portal.csvfile import csv_download


def _invoice_or_404(request: HttpRequest, number: str) -> Invoice:
    invoice = selectors.invoice_get(partner_tenant_id=request.identity.tenant_id, number=number)
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


@require_GET
def invoices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "billing/invoice_list.html",
        {"invoices": selectors.invoice_list(partner_tenant_id=request.identity.tenant_id)},
    )


@require_GET
def invoice(request: HttpRequest, number: str) -> HttpResponse:
    found = _invoice_or_404(request, number)
    return render(
        request,
        "billing/invoice_detail.html",
        {"invoice": found, "lines": selectors.invoice_line_list(invoice=found)},
    )


@require_GET
def reconciliation(request: HttpRequest, number: str) -> HttpResponse:
    found = _invoice_or_404(request, number)
    return csv_download(
        filename=f"{found.number}-reconciliation.csv",
        columns=selectors.RECONCILIATION_COLUMNS,
        rows=selectors.reconciliation_rows(invoice=found),
    )
