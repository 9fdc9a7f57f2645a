"""Billing: invoices and reconciliation (MFA)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from billing.services import billing_seed_demo
from portal.policy import Area, Role

AREAS = (
    Area(
        "billing", _("Billing"), "billing/", "billing.urls", home="invoices", mfa=True,
        roles=frozenset({Role.ADMIN_AGENT, Role.SECURITY_ADMIN, Role.BILLING_ADMIN}),
        # Invoice lines name the seeded customers.
        order=50, seeder=billing_seed_demo, seed_after=("customers",),
    ),
)
