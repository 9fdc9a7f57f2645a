"""The security workspace: fraud events and the MFA requirements report (MFA)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.policy import Area, Role
from security.services import security_seed_demo

AREAS = (
    Area(
        "security", _("Security workspace"), "security/", "security.urls", mfa=True,
        roles=frozenset({Role.ADMIN_AGENT, Role.SECURITY_ADMIN}),
        # Fraud events point at the seeded customers' subscriptions.
        order=60, seeder=security_seed_demo, seed_after=("customers",),
    ),
)
