"""The access policy of the portal: which area needs sign-in, MFA and which roles.

This table is the only place that says who may open what. ``AccessPolicyMiddleware`` enforces it
for every request, deny by default, and ``portal.checks`` fails when a portal URL belongs to no
row. An area is a URL namespace: every URL included under that namespace belongs to the area.

Provenance of the role matrix (shown on ``/dashboard/access``): the Korean edition of Microsoft's
"Mandating MFA for your partner tenant" lost its empty table cells, so only the number of roles
per row survives (3, 2, 3, 2). The positions come from the English edition (2023), whose fourth
column was then "Global administrator" and is now "Security administrator".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Area:
    namespace: str
    title: Promise
    path: str  # where the navigation links to
    sign_in: bool = True
    mfa: bool = False
    # None: any signed-in user. A set: only these roles (checked after MFA).
    roles: frozenset[Role] | None = None

    @property
    def role_labels(self) -> list[Promise]:
        return [role.label for role in Role if self.roles is not None and role in self.roles]


R = Role

# Partner Center's areas, in navigation order (the source document's list of MFA areas).
AREAS: tuple[Area, ...] = (
    Area("overview", _("Overview"), "/dashboard/home"),
    Area("servicehealth", _("Service health"), "/dashboard/servicehealth"),
    Area(
        "customers", _("Customers"), "/commerce/customers/", mfa=True,
        roles=frozenset({R.ADMIN_AGENT, R.SALES_AGENT, R.HELPDESK_AGENT}),
    ),
    Area(
        "support", _("Support requests"), "/dashboard/v2/support/customers/", mfa=True,
        roles=frozenset({R.ADMIN_AGENT, R.HELPDESK_AGENT}),
    ),
    Area(
        "billing", _("Billing"), "/billing/", mfa=True,
        roles=frozenset({R.ADMIN_AGENT, R.SECURITY_ADMIN, R.BILLING_ADMIN}),
    ),
    Area(
        "security", _("Security workspace"), "/security/", mfa=True,
        roles=frozenset({R.ADMIN_AGENT, R.SECURITY_ADMIN}),
    ),
)

# Pages that must open before sign-in: the welcome page, the scenario launcher, the OIDC
# endpoints, language switch.
PUBLIC_AREAS: tuple[Area, ...] = (
    Area("welcome", _("Welcome"), "/", sign_in=False),
    # The trainer's scenario launcher: picks a persona before anyone is signed in.
    Area("launcher", _("Scenario launcher"), "/launcher/", sign_in=False),
    # The journey trace: this browser session's own steps, shown before sign-in too (a sign-in
    # that failed is what it explains best).
    Area("trace", _("Journey trace"), "/trace/", sign_in=False),
    # The component gallery for prototypes (demo mode only; a 404 otherwise).
    Area("components", _("Component gallery"), "/dev/components", sign_in=False),
    Area("oidc", _("Sign-in"), "/oidc/", sign_in=False),
    Area("i18n", _("Language"), "/i18n/", sign_in=False),
    # Bearer tokens, not the pages' session: api.policy says who may call what.
    Area("api", _("Partner Center API"), "/v1/", sign_in=False),
    # Monitors and load balancers: whether the database and the cache answer, nothing else.
    Area("health", _("Health check"), "/healthz", sign_in=False),
)

_BY_NAMESPACE = {area.namespace: area for area in (*AREAS, *PUBLIC_AREAS)}


class Decision(enum.Enum):
    ALLOW = "allow"
    SIGN_IN = "sign_in"
    STEP_UP = "step_up"
    FORBIDDEN = "forbidden"


def area_for_namespace(namespace: str | None) -> Area | None:
    return _BY_NAMESPACE.get(namespace or "")


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
