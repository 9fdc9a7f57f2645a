from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from portal.models import ServiceHealthEvent

S = ServiceHealthEvent.Status
_SERVICE_HEALTH = (
    ("Microsoft 365 suite", S.HEALTHY, "No known issues"),
    ("Microsoft Entra ID", S.ADVISORY, "Some users see an extra MFA prompt after a password reset"),
    ("Exchange Online", S.HEALTHY, "No known issues"),
    ("Microsoft Teams", S.INCIDENT, "Delayed delivery of chat messages in some regions"),
    ("Partner Center", S.HEALTHY, "No known issues"),
    ("Azure", S.HEALTHY, "No known issues"),
)


def service_health_seed_demo(*, partner_tenant_id: str) -> None:
    """Seed the service list once; service health is the same for every partner."""
    if ServiceHealthEvent.objects.exists():
        return
    now = timezone.now()
    ServiceHealthEvent.objects.bulk_create(
        ServiceHealthEvent(service=service, status=status, title=title,
                           started_at=now - timedelta(hours=3 * index))
        for index, (service, status, title) in enumerate(_SERVICE_HEALTH)
    )
