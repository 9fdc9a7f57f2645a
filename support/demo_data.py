"""Demo content for the support area: the requests each partner's seeded customers opened.

A request names its customer by the tenant id the Customers area's demo data export
(``customers.demo_data``), never by a literal of its own.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.utils.translation import gettext_noop as N_

from customers.demo_data import ADATUM, NORTHWIND, RELECLOUD
from support.models import SupportRequest

SEV = SupportRequest.Severity
ST = SupportRequest.Status


class DemoRequest(NamedTuple):
    customer_tenant_id: str  # a customers.demo_data customer's tenant id
    title: str
    description: str
    severity: str
    status: str
    contact_email: str
    age: timedelta


SEED_CREATED_BY_UPN = N_("(demo data)")

# Stored in English, shown translated (portal.seedtext; SupportRequest.title_display).
DEMO_REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        RELECLOUD.customer_tenant_id,
        N_("Azure plan: cannot create resources in Korea Central"),
        N_("Deployments to Korea Central fail with a quota error since yesterday although the "
           "subscription shows unused quota. Other regions work."),
        SEV.B, ST.CLOSED, "cloudops@relecloud.com", timedelta(days=18, hours=5),
    ),
    DemoRequest(
        NORTHWIND.customer_tenant_id,
        N_("Licenses not assigned after increasing the seat count"),
        N_("We raised Microsoft 365 Business Premium from 40 to 48 seats, but the eight new "
           "licenses do not appear in the Microsoft 365 admin center."),
        SEV.C, ST.OPEN, "it@northwindtraders.com", timedelta(days=4, hours=2),
    ),
    DemoRequest(
        ADATUM.customer_tenant_id,
        N_("Users are asked for MFA at every Outlook start"),
        N_("Since this morning every user at Adatum is prompted for multifactor authentication "
           "each time Outlook starts, several times a day. Sales cannot work."),
        SEV.A, ST.OPEN, "admin@adatum.com", timedelta(hours=3),
    ),
)
SEEDED_TEXTS = frozenset(
    {SEED_CREATED_BY_UPN}
    | {text for demo in DEMO_REQUESTS for text in (demo.title, demo.description)}
)
