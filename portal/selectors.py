from __future__ import annotations

from django.db.models import QuerySet

from portal.models import ServiceHealthEvent


def service_health_list() -> QuerySet[ServiceHealthEvent]:
    return ServiceHealthEvent.objects.all()
