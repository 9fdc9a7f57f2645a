from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from customers.demo_data import demo_subscription_customer, demo_subscription_id
from security import demo_data
from security.models import FraudEvent


def security_seed_demo(*, partner_tenant_id: str) -> None:
    """Give a partner the fraud events of ``security.demo_data`` (three active, one resolved),
    once. Each names its subscription by key: the id the Customers area seeds it under.

    A partner that already has any event is left alone: events resolved in a training session
    must stay resolved at the next sign-in.
    """
    if FraudEvent.objects.filter(partner_tenant_id=partner_tenant_id).exists():
        return
    now = timezone.now()
    partner = str(uuid.UUID(partner_tenant_id))
    events = []
    for demo in demo_data.DEMO_EVENTS:
        detected_at = now - timedelta(hours=demo.hours_ago)
        resolved = demo.resolved_after_hours is not None
        customer = demo_subscription_customer(demo.subscription)
        events.append(
            FraudEvent(
                partner_tenant_id=partner,
                customer_name=customer.company_name,
                customer_tenant_id=customer.customer_tenant_id,
                subscription_id=demo_subscription_id(
                    partner_tenant_id=partner, key=demo.subscription
                ),
                event_type=demo.event_type,
                severity=demo.severity,
                status=FraudEvent.Status.RESOLVED if resolved else FraudEvent.Status.ACTIVE,
                detected_at=detected_at,
                resolved_at=(
                    detected_at + timedelta(hours=demo.resolved_after_hours) if resolved else None
                ),
                resolved_by_upn=demo_data.DEMO_RESOLVER_UPN if resolved else "",
            )
        )
    FraudEvent.objects.bulk_create(events)


def fraud_event_resolve(
    *, partner_tenant_id: str, event_id: int, resolved_by_upn: str
) -> tuple[FraudEvent, bool]:
    """Mark the partner's fraud event ``event_id`` resolved by ``resolved_by_upn``.

    Returns the event and whether this call resolved it: an event already resolved keeps who
    resolved it first and when (a second click, or two admins at once, changes nothing).
    Raises ``FraudEvent.DoesNotExist`` for an unknown id or another partner's event.
    """
    events = FraudEvent.objects.filter(partner_tenant_id=partner_tenant_id, pk=event_id)
    # One conditional UPDATE, so two concurrent requests cannot both resolve the event.
    changed = events.filter(status=FraudEvent.Status.ACTIVE).update(
        status=FraudEvent.Status.RESOLVED,
        resolved_at=timezone.now(),
        resolved_by_upn=resolved_by_upn,
    )
    return events.get(), bool(changed)
