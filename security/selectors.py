from __future__ import annotations

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from security.models import FraudEvent

S = FraudEvent.Status


def fraud_event_list(*, partner_tenant_id: str) -> QuerySet[FraudEvent]:
    """The partner's fraud events: active ones first (they need action), newest first."""
    return (
        FraudEvent.objects.filter(partner_tenant_id=partner_tenant_id)
        .annotate(
            _active_first=Case(
                When(status=S.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("_active_first", "-detected_at", "id")
    )


def fraud_event_active_counts(*, partner_tenant_id: str) -> dict[str, int]:
    """Active fraud events per severity; every severity is present, from high to low."""
    counted = dict(
        FraudEvent.objects.filter(partner_tenant_id=partner_tenant_id, status=S.ACTIVE)
        .order_by()
        .values("severity")
        .annotate(count=Count("id"))
        .values_list("severity", "count")
    )
    return {severity: counted.get(severity, 0) for severity in FraudEvent.Severity.values}
