"""Demo content for a partner tenant, provisioned the first time one of its users signs in.

Provisioning on sign-in (rather than a fixed seed) means a developer who points the portal at a
real Entra tenant still finds customers, invoices and requests for that tenant.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.module_loading import import_string

# In dependency order: support requests and billing lines name seeded customers.
WORKSPACE_SEEDERS = (
    "portal.services.service_health_seed_demo",
    "customers.services.customers_seed_demo",
    "support.services.support_seed_demo",
    "billing.services.billing_seed_demo",
    "security.services.security_seed_demo",
)


def workspace_ensure(*, partner_tenant_id: str) -> None:
    """Seed every area's demo content for ``partner_tenant_id``; idempotent."""
    with transaction.atomic():
        for path in WORKSPACE_SEEDERS:
            import_string(path)(partner_tenant_id=partner_tenant_id)
