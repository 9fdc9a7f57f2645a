"""Demo content for the security workspace: the fraud events each partner is given.

An event names the subscription it concerns by its key in the Customers area's demo data
(``customers.demo_data``), never by position; the event row keeps that subscription's id and its
customer (name and tenant id) as plain values.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_noop as N_

from security.models import FraudEvent

Sev = FraudEvent.Severity


class DemoEvent(NamedTuple):
    subscription: str  # the key of a demo subscription (customers.demo_data): an Azure plan
    event_type: str
    severity: FraudEvent.Severity
    hours_ago: int
    resolved_after_hours: int | None = None


# Stored in English, shown translated (portal.seedtext; FraudEvent.event_type_display).
DEMO_EVENTS: tuple[DemoEvent, ...] = (
    DemoEvent("adatum-azure-plan", N_("Azure fraud: cryptocurrency mining"), Sev.HIGH, 5),
    DemoEvent(
        "woodgrove-azure-plan", N_("Azure fraud: anomalous compute usage"), Sev.MEDIUM, 30
    ),
    DemoEvent(
        "relecloud-azure-plan", N_("Azure fraud: outbound spam from virtual machines"),
        Sev.LOW, 52,
    ),
    DemoEvent(
        "relecloud-azure-plan", N_("Azure fraud: cryptocurrency mining"), Sev.HIGH, 24 * 9, 6
    ),
)
SEEDED_TEXTS = frozenset(event.event_type for event in DEMO_EVENTS)
# The partner's own domain is unknown when seeding, so the demo resolution is Microsoft's.
DEMO_RESOLVER_UPN = "fraud.operations@microsoft.com"
