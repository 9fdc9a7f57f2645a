from __future__ import annotations

from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer

NUMBER_LENGTH = 16
TITLE_MIN_LENGTH, TITLE_MAX_LENGTH = 5, 120
DESCRIPTION_MIN_LENGTH, DESCRIPTION_MAX_LENGTH = 20, 5000


class SupportRequest(models.Model):
    """A support ticket a partner opened on behalf of one of its customers."""

    class Severity(models.TextChoices):
        # Microsoft's severity letters; A is the most urgent.
        A = "A", _("A: critical impact")
        B = "B", _("B: moderate impact")
        C = "C", _("C: minimal impact")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    partner_tenant_id = models.UUIDField(db_index=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="support_requests"
    )
    # Set only by support.services: YYMMDD, "001", then a 7-digit sequence of that day.
    number = models.CharField(max_length=NUMBER_LENGTH, unique=True)
    title = models.CharField(
        max_length=TITLE_MAX_LENGTH, validators=[MinLengthValidator(TITLE_MIN_LENGTH)]
    )
    description = models.TextField(
        max_length=DESCRIPTION_MAX_LENGTH, validators=[MinLengthValidator(DESCRIPTION_MIN_LENGTH)]
    )
    severity = models.CharField(max_length=1, choices=Severity.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    contact_email = models.EmailField()
    created_by_upn = models.CharField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-number")

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    # Seeded requests in the page's language; typed ones as typed (portal.seedtext).
    @property
    def title_display(self) -> str:
        return self._seeded(self.title)

    @property
    def description_display(self) -> str:
        return self._seeded(self.description)

    @property
    def created_by_display(self) -> str:
        return self._seeded(self.created_by_upn)

    @staticmethod
    def _seeded(text: str) -> str:
        from portal.seedtext import seeded_text
        from support.demo_data import SEEDED_TEXTS

        return seeded_text(text, seeded=SEEDED_TEXTS)
