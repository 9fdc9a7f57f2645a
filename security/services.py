from __future__ import annotations

import uuid
from datetime import timedelta
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from billing.demo_data import ADATUM, RELECLOUD, WOODGROVE, DemoCustomer
from customers.services import demo_subscription_id
from security.models import FraudEvent

Sev = FraudEvent.Severity

# The customers app derives its subscription ids this way (customers.services._subscription_id);
# mirroring it makes each alert point at that customer's Azure plan subscription.
class _DemoEvent(NamedTuple):
    customer: DemoCustomer
    subscription_index: int  # position of the Azure plan among the customer's subscriptions
    event_type: str
    severity: FraudEvent.Severity
    hours_ago: int
    resolved_after_hours: int | None = None


# Stored in English, shown translated (portal.seedtext; FraudEvent.event_type_display).
_DEMO_EVENTS: tuple[_DemoEvent, ...] = (
    _DemoEvent(ADATUM, 1, N_("Azure fraud: cryptocurrency mining"), Sev.HIGH, 5),
    _DemoEvent(WOODGROVE, 1, N_("Azure fraud: anomalous compute usage"), Sev.MEDIUM, 30),
    _DemoEvent(
        RELECLOUD, 0, N_("Azure fraud: outbound spam from virtual machines"), Sev.LOW, 52
    ),
    _DemoEvent(RELECLOUD, 0, N_("Azure fraud: cryptocurrency mining"), Sev.HIGH, 24 * 9, 6),
)
SEEDED_TEXTS = frozenset(event.event_type for event in _DEMO_EVENTS)
# The partner's own domain is unknown when seeding, so the demo resolution is Microsoft's.
_DEMO_RESOLVER_UPN = "fraud.operations@microsoft.com"


def security_seed_demo(*, partner_tenant_id: str) -> None:
    """Give a partner four fraud events (three active, one resolved), once.

    A partner that already has any event is left alone: events resolved in a training session
    must stay resolved at the next sign-in.
    """
    if FraudEvent.objects.filter(partner_tenant_id=partner_tenant_id).exists():
        return
    now = timezone.now()
    partner = str(uuid.UUID(partner_tenant_id))
    events = []
    for demo in _DEMO_EVENTS:
        detected_at = now - timedelta(hours=demo.hours_ago)
        resolved = demo.resolved_after_hours is not None
        subscription_id = demo_subscription_id(
            partner_tenant_id=partner, customer_tenant_id=demo.customer.tenant_id,
            index=demo.subscription_index,
        )
        events.append(
            FraudEvent(
                partner_tenant_id=partner,
                customer_name=demo.customer.name,
                customer_tenant_id=demo.customer.tenant_id,
                subscription_id=subscription_id,
                event_type=demo.event_type,
                severity=demo.severity,
                status=FraudEvent.Status.RESOLVED if resolved else FraudEvent.Status.ACTIVE,
                detected_at=detected_at,
                resolved_at=(
                    detected_at + timedelta(hours=demo.resolved_after_hours) if resolved else None
                ),
                resolved_by_upn=_DEMO_RESOLVER_UPN if resolved else "",
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
