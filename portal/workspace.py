"""Demo content for a partner tenant, provisioned the first time one of its users signs in.

Provisioning on sign-in (rather than a fixed seed) means a developer who points the portal at a
real Entra tenant still finds customers, invoices and requests for that tenant. Each area seeds
its own content: the seeders are the areas' declarations (``portal.areas.seeders``).
"""

from __future__ import annotations

from django.db import transaction

from portal import areas
from portal.models import PartnerWorkspace


def workspace_ensure(*, partner_tenant_id: str) -> None:
    """Seed every area's demo content for ``partner_tenant_id`` once; later calls cost a query.

    Called at every sign-in and step-up, so the seeders run only for a tenant seen first.
    """
    with transaction.atomic():
        _, created = PartnerWorkspace.objects.get_or_create(partner_tenant_id=partner_tenant_id)
        if not created:
            return
        for seeder in areas.seeders():
            seeder(partner_tenant_id=partner_tenant_id)
