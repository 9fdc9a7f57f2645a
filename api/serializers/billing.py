"""Invoices and their line items (billing and reconciliation), in Partner Center's shapes."""

from __future__ import annotations

from rest_framework import serializers

from billing.models import Invoice, InvoiceLine


class InvoiceSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="number")
    invoiceDate = serializers.DateField(source="issue_date")
    dueDate = serializers.DateField(source="due_date")
    billingPeriodStartDate = serializers.DateField(source="billing_period_start")
    billingPeriodEndDate = serializers.DateField(source="billing_period_end")
    totalCharges = serializers.DecimalField(
        source="total", max_digits=14, decimal_places=2, coerce_to_string=False
    )
    currencyCode = serializers.CharField(source="currency")
    invoiceType = serializers.SerializerMethodField()
    status = serializers.CharField()
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = (
            "id", "invoiceDate", "dueDate", "billingPeriodStartDate", "billingPeriodEndDate",
            "totalCharges", "currencyCode", "invoiceType", "status", "attributes",
        )

    def get_invoiceType(self, invoice: Invoice) -> str:
        return "Recurring"

    def get_attributes(self, invoice: Invoice) -> dict[str, str]:
        return {"objectType": "Invoice"}


class InvoiceLineItemSerializer(serializers.ModelSerializer):
    """A row of the reconciliation file, with its column names (``billing.selectors``)."""

    customerId = serializers.UUIDField(source="customer_tenant_id")
    customerName = serializers.CharField(source="customer_name")
    productName = serializers.CharField(source="product")
    skuName = serializers.CharField(source="sku")
    chargeType = serializers.CharField(source="charge_type")
    quantity = serializers.IntegerField()
    unitPrice = serializers.DecimalField(
        source="unit_price", max_digits=12, decimal_places=2, coerce_to_string=False
    )
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = InvoiceLine
        fields = (
            "customerId", "customerName", "productName", "skuName", "chargeType", "quantity",
            "unitPrice", "amount", "attributes",
        )

    def get_attributes(self, line: InvoiceLine) -> dict[str, str]:
        return {"objectType": "BillingLineItem"}
