from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FraudEvent(models.Model):
    """A fraud alert on a customer's subscription (e.g. Azure cryptocurrency mining)."""

    class Severity(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESOLVED = "resolved", _("Resolved")

    partner_tenant_id = models.UUIDField(db_index=True)
    # By name and tenant id, not by foreign key: an alert stays as it was raised.
    customer_name = models.CharField(max_length=200)
    customer_tenant_id = models.UUIDField()
    subscription_id = models.UUIDField()
    event_type = models.CharField(max_length=200)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    detected_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_upn = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ("-detected_at", "id")

    def __str__(self) -> str:
        return f"{self.customer_name}: {self.event_type}"

    @property
    def event_type_display(self) -> str:
        from portal.seedtext import seeded_text
        from security.demo_data import SEEDED_TEXTS

        return seeded_text(self.event_type, seeded=SEEDED_TEXTS)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
