from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    """A customer tenant as one partner tenant sees it.

    The same customer tenant may work with several partners, so a customer is identified by the
    pair (partner tenant, customer tenant), never by its tenant id alone.
    """

    class Relationship(models.TextChoices):
        GDAP = "GDAP", _("Granular delegated admin (GDAP)")
        DAP = "DAP", _("Delegated admin (DAP)")
        RESELLER = "Reseller", _("Reseller")

    partner_tenant_id = models.UUIDField(db_index=True)
    customer_tenant_id = models.UUIDField()
    company_name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253)
    country = models.CharField(max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("company_name",)
        constraints = [
            models.UniqueConstraint(
                fields=("partner_tenant_id", "customer_tenant_id"),
                name="customers_customer_unique_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.company_name


class Subscription(models.Model):
    """A commercial subscription the partner manages for a customer."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")

    class BillingFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        ANNUAL = "annual", _("Annual")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="subscriptions")
    subscription_id = models.UUIDField(unique=True)
    offer_name = models.CharField(max_length=200)
    sku = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    billing_frequency = models.CharField(max_length=16, choices=BillingFrequency.choices)
    term_end = models.DateField()
    auto_renew = models.BooleanField(default=True)

    class Meta:
        ordering = ("offer_name", "subscription_id")

    def __str__(self) -> str:
        return f"{self.offer_name} ({self.quantity})"
