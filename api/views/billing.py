"""Billing and reconciliation: the partner's invoices and their line items."""

from __future__ import annotations

from django.http import Http404
from rest_framework import generics

from api.serializers.billing import InvoiceLineItemSerializer, InvoiceSerializer
from api.views.base import OperationView
from billing import selectors
from billing.models import Invoice


def _invoice_or_404(view: generics.GenericAPIView) -> Invoice:
    invoice = selectors.invoice_get(
        partner_tenant_id=view.request.user.tenant_id, number=view.kwargs["invoice_id"]
    )
    if invoice is None:
        raise Http404("No invoice with this id.")
    return invoice


class InvoiceList(OperationView, generics.ListAPIView):
    """The partner's invoices, newest billing period first."""

    operations = {"GET": "invoices.list"}
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return selectors.invoice_list(partner_tenant_id=self.request.user.tenant_id)


class InvoiceDetail(OperationView, generics.RetrieveAPIView):
    """One invoice, by its number."""

    operations = {"GET": "invoices.get"}
    serializer_class = InvoiceSerializer

    def get_object(self) -> Invoice:
        return _invoice_or_404(self)


class InvoiceLineItemList(OperationView, generics.ListAPIView):
    """The invoice's billing line items: the rows of its reconciliation file."""

    operations = {"GET": "invoices.lineitems"}
    serializer_class = InvoiceLineItemSerializer

    def get_queryset(self):
        return selectors.invoice_line_list(invoice=_invoice_or_404(self))
