"""The access policy of the portal: which area needs sign-in, MFA and which roles.

Each area declares its row once, in its app's ``area.py``; ``portal.areas`` collects them, and
they are the only place that says who may open what. ``AccessPolicyMiddleware`` enforces them
for every request, deny by default, and ``portal.checks`` fails when a portal URL belongs to no
area. An area is a URL namespace: every URL included under that namespace belongs to the area.

Provenance of the role matrix (shown on ``/dashboard/access``): the Korean edition of Microsoft's
"Mandating MFA for your partner tenant" lost its empty table cells, so only the number of roles
per row survives (3, 2, 3, 2). The positions come from the English edition (2023), whose fourth
column was then "Global administrator" and is now "Security administrator".
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.urls import URLPattern, URLResolver, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(enum.StrEnum):
    """Partner Center roles, as the values of the ID token's ``roles`` claim."""

    ADMIN_AGENT = "AdminAgent"
    SALES_AGENT = "SalesAgent"
    HELPDESK_AGENT = "HelpdeskAgent"
    SECURITY_ADMIN = "SecurityAdmin"
    BILLING_ADMIN = "BillingAdmin"

    @property
    def label(self) -> Promise:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN_AGENT: _("Admin agent"),
    Role.SALES_AGENT: _("Sales agent"),
    Role.HELPDESK_AGENT: _("Helpdesk agent"),
    Role.SECURITY_ADMIN: _("Security administrator"),
    Role.BILLING_ADMIN: _("Billing administrator"),
}


def role_labels(roles: frozenset[str] | set[str]) -> list[tuple[str, Promise | str]]:
    """``(claim value, label)`` of each of ``roles``, in the matrix's order: pages show the
    label (translated), never the raw claim value such as ``AdminAgent``. A value that is not a
    Partner Center role (a real tenant's own app role) has no label and is shown as it is."""
    known = [(role.value, role.label) for role in Role if role.value in roles]
    others = sorted(role for role in roles if role not in {value for value, _ in known})
    return [*known, *((role, role) for role in others)]


class Seeder(Protocol):
    """Gives one partner tenant an area's demo content; runs once per tenant (portal.workspace)."""

    def __call__(self, *, partner_tenant_id: str) -> None: ...


@dataclass(frozen=True)
class Area:
    """One area of the portal, declared once in its app's ``area.py`` (``AREAS``).

    ``portal.areas`` collects the declarations of every installed app: the URLconf includes
    ``urls`` under ``route`` with ``namespace``, the navigation and the access matrix list the
    signed-in areas by ``order``, ``AccessPolicyMiddleware`` decides from ``sign_in``, ``mfa``
    and ``roles``, and a partner tenant's first sign-in runs the ``seeder``s.
    """

    namespace: str
    title: Promise
    route: str  # the URL prefix, as path() takes it: "commerce/", "" for the site root
    # What include() takes: a URL module's dotted path or a list of URL patterns.
    urls: str | Sequence[URLPattern | URLResolver] = field(compare=False, repr=False)
    home: str = "home"  # the URL name (in the namespace) the navigation links to
    sign_in: bool = True
    mfa: bool = False
    # None: any signed-in user. A set: only these roles (checked after MFA).
    roles: frozenset[Role] | None = None
    order: int = 100  # position in the navigation, smallest first
    seeder: Seeder | None = field(default=None, compare=False, repr=False)
    # Namespaces of the areas whose demo content this area's seeder reads (seeded first).
    seed_after: tuple[str, ...] = ()
    # An area that shows no demo content of its own says so (silences portal.W001).
    no_demo_data: bool = False

    @property
    def path(self) -> str:
        """Where the navigation links to: the area's home URL, from the URLconf."""
        return reverse(f"{self.namespace}:{self.home}")

    @property
    def role_labels(self) -> list[Promise]:
        return [role.label for role in Role if self.roles is not None and role in self.roles]


class Decision(enum.Enum):
    ALLOW = "allow"
    SIGN_IN = "sign_in"
    STEP_UP = "step_up"
    FORBIDDEN = "forbidden"


def decide(
    area: Area | None, *, signed_in: bool, has_mfa: bool, roles: frozenset[str]
) -> Decision:
    """What the portal does with a request for ``area``.

    Order matters and follows Partner Center: sign-in, then MFA, then the role. A user without
    MFA is stepped up before the role check answers, so a 403 never hides a missing MFA. A URL
    outside every area is forbidden (deny by default).
    """
    if area is None:
        return Decision.FORBIDDEN
    if not area.sign_in:
        return Decision.ALLOW
    if not signed_in:
        return Decision.SIGN_IN
    if area.mfa and not has_mfa:
        return Decision.STEP_UP
    if area.roles is not None and not (area.roles & roles):
        return Decision.FORBIDDEN
    return Decision.ALLOW
