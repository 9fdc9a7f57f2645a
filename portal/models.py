from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerWorkspace(models.Model):
    """A partner tenant whose demo content has been provisioned (see portal.workspace)."""

    partner_tenant_id = models.UUIDField(unique=True)
    provisioned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.partner_tenant_id)


class ServiceHealthEvent(models.Model):
    """An advisory or incident on a Microsoft cloud service, as listed under Service health."""

    class Status(models.TextChoices):
        HEALTHY = "healthy", _("Healthy")
        ADVISORY = "advisory", _("Advisory")
        INCIDENT = "incident", _("Incident")

    service = models.CharField(max_length=80)
    status = models.CharField(max_length=16, choices=Status.choices)
    title = models.CharField(max_length=200)
    started_at = models.DateTimeField()

    class Meta:
        ordering = ("service",)

    def __str__(self) -> str:
        return f"{self.service}: {self.title}"

    @property
    def service_display(self) -> str:
        from portal.seedtext import seeded_text
        from portal.services import SEEDED_TEXTS

        return seeded_text(self.service, seeded=SEEDED_TEXTS)

    @property
    def title_display(self) -> str:
        from portal.seedtext import seeded_text
        from portal.services import SEEDED_TEXTS

        return seeded_text(self.title, seeded=SEEDED_TEXTS)
