from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Invoice(models.Model):
    """A monthly invoice of a partner tenant; its total is the sum of its lines (see selectors)."""

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        DUE = "due", _("Due")

    partner_tenant_id = models.UUIDField(db_index=True)
    number = models.CharField(max_length=20)
    billing_period_start = models.DateField()
    billing_period_end = models.DateField()
    issue_date = models.DateField()
    due_date = models.DateField()
    currency = models.CharField(max_length=3, default="USD")
    status = models.CharField(max_length=8, choices=Status.choices)

    class Meta:
        ordering = ("-billing_period_start", "number")
        constraints = [
            # Invoice numbers are only unique within one partner, like Partner Center's.
            models.UniqueConstraint(
                fields=("partner_tenant_id", "number"), name="billing_invoice_number_per_partner"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    """One charge of an invoice, as a row of the reconciliation file.

    The customer is kept by name and tenant id rather than by foreign key: a reconciliation file
    is a record of what was billed, and must not change when a customer is renamed or removed.
    """

    class ChargeType(models.TextChoices):
        NEW = "new", _("New")
        RENEW = "renew", _("Renew")
        CYCLE_CHARGE = "cycleCharge", _("Cycle charge")
        ADD_QUANTITY = "addQuantity", _("Add quantity")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    customer_name = models.CharField(max_length=200)
    customer_tenant_id = models.UUIDField()
    product = models.CharField(max_length=200)
    sku = models.CharField(max_length=200)
    charge_type = models.CharField(max_length=16, choices=ChargeType.choices)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ("invoice", "customer_name", "id")

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.customer_name} {self.product}"

    @property
    def sku_display(self) -> str:
        """The SKU description in the page's language when it is a seeded one."""
        from billing.demo_data import SEEDED_SKU_TEXTS
        from portal.seedtext import seeded_text

        return seeded_text(self.sku, seeded=SEEDED_SKU_TEXTS)
