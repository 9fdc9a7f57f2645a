"""Customers: every page under /commerce/ is this area (MFA), as the source document says."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from customers.services import customers_seed_demo
from portal.policy import Area, Role

AREAS = (
    Area(
        "customers", _("Customers"), "commerce/", "customers.urls", home="list", mfa=True,
        roles=frozenset({Role.ADMIN_AGENT, Role.SALES_AGENT, Role.HELPDESK_AGENT}),
        order=30, seeder=customers_seed_demo,
    ),
)
