"""Support requests for customers (MFA)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.policy import Area, Role
from support.services import support_seed_demo

AREAS = (
    Area(
        "support", _("Support requests"), "dashboard/v2/support/customers/", "support.urls",
        home="list", mfa=True, roles=frozenset({Role.ADMIN_AGENT, Role.HELPDESK_AGENT}),
        # The demo requests are opened for the seeded customers.
        order=40, seeder=support_seed_demo, seed_after=("customers",),
    ),
)
