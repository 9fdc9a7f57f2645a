"""Demo content for a partner tenant, provisioned the first time one of its users signs in.

Provisioning on sign-in (rather than a fixed seed) means a developer who points the portal at a
real Entra tenant still finds customers, invoices and requests for that tenant.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.module_loading import import_string

from portal.models import PartnerWorkspace

# In dependency order: support requests and billing lines name seeded customers.
WORKSPACE_SEEDERS = (
    "portal.services.service_health_seed_demo",
    "customers.services.customers_seed_demo",
    "support.services.support_seed_demo",
    "billing.services.billing_seed_demo",
    "security.services.security_seed_demo",
)


def workspace_ensure(*, partner_tenant_id: str) -> None:
    """Seed every area's demo content for ``partner_tenant_id`` once; later calls cost a query.

    Called at every sign-in and step-up, so the seeders run only for a tenant seen first.
    """
    with transaction.atomic():
        _, created = PartnerWorkspace.objects.get_or_create(partner_tenant_id=partner_tenant_id)
        if not created:
            return
        for path in WORKSPACE_SEEDERS:
            import_string(path)(partner_tenant_id=partner_tenant_id)
