from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from portal.models import ServiceHealthEvent

S = ServiceHealthEvent.Status
# Stored in English, shown translated (portal.seedtext; ServiceHealthEvent.title_display).
_SERVICE_HEALTH = (
    (N_("Microsoft 365 suite"), S.HEALTHY, N_("No known issues")),
    (
        "Microsoft Entra ID", S.ADVISORY,
        N_("Some users see an extra MFA prompt after a password reset"),
    ),
    ("Exchange Online", S.HEALTHY, N_("No known issues")),
    ("Microsoft Teams", S.INCIDENT, N_("Delayed delivery of chat messages in some regions")),
    ("Partner Center", S.HEALTHY, N_("No known issues")),
    ("Azure", S.HEALTHY, N_("No known issues")),
)
SEEDED_TEXTS = frozenset(text for service, _, title in _SERVICE_HEALTH for text in (service, title))


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
