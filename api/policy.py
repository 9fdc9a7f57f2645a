"""The access policy of the Partner Center API: each operation's category, who may call it, and
whether it needs a role in the customer's tenant.

This table is the only place that says so. ``api.permissions.OperationPolicy`` enforces it for
every view (each view names its operation per HTTP method) and ``api.checks`` fails when a view
names none. The source's rule for app-only tokens is the ``customer_roles`` column: an operation
that needs a delegated (DAP or GDAP) role in a customer's tenant refuses app-only callers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from customers import roles as cr
from portal.areas import area_for_namespace
from portal.policy import Role


class Category(enum.StrEnum):
    """The source's list of Partner Center API categories (its section "Partner Center APIs")."""

    DISCOVERY = "discovery"
    TRANSACT = "transact"
    BILLING = "billing"
    CUSTOMERS = "customers"
    USERS = "users"
    RELATIONSHIPS = "relationships"

    @property
    def title(self) -> Promise:
        return CATEGORY_TITLES[self]


CATEGORY_TITLES = {
    Category.DISCOVERY: _("Discovery (prices, catalog, promotions)"),
    Category.TRANSACT: _("Transact and manage"),
    Category.BILLING: _("Billing and reconciliation"),
    Category.CUSTOMERS: _("Customer management via delegated access (AOBO)"),
    Category.USERS: _("User and license assignment (DAP or GDAP)"),
    Category.RELATIONSHIPS: _("Granular admin relationship requests and access assignment"),
}


@dataclass(frozen=True)
class Operation:
    name: str
    category: Category
    # App+User callers need one of these Partner Center roles.
    roles: frozenset[Role]
    # Entra role template ids in the customer's tenant, any of which allows the operation; empty
    # for an operation on the partner's own records. Non-empty: app-only callers are refused.
    customer_roles: frozenset[str] = frozenset()

    @property
    def needs_customer_role(self) -> bool:
        return bool(self.customer_roles)


def _area_roles(namespace: str) -> frozenset[Role]:
    # The API's callers need the roles the portal asks for the same data (the areas' own
    # declarations).
    area = area_for_namespace(namespace)
    if area is None or area.roles is None:
        raise LookupError(f"The portal has no area {namespace!r} with roles.")
    return area.roles


R = Role
CUSTOMER_AREA = _area_roles("customers")
BILLING_AREA = _area_roles("billing")
SELLERS = frozenset({R.ADMIN_AGENT, R.SALES_AGENT})
ADMINS = frozenset({R.ADMIN_AGENT})

_READ_DIRECTORY = frozenset({
    cr.GLOBAL_ADMINISTRATOR.id, cr.USER_ADMINISTRATOR.id, cr.HELPDESK_ADMINISTRATOR.id,
    cr.GLOBAL_READER.id, cr.DIRECTORY_READERS.id,
})
_READ_LICENSES = frozenset({
    cr.GLOBAL_ADMINISTRATOR.id, cr.USER_ADMINISTRATOR.id, cr.LICENSE_ADMINISTRATOR.id,
    cr.GLOBAL_READER.id, cr.DIRECTORY_READERS.id,
})
_MANAGE_USERS = frozenset({cr.GLOBAL_ADMINISTRATOR.id, cr.USER_ADMINISTRATOR.id})
_ASSIGN_LICENSES = frozenset({
    cr.GLOBAL_ADMINISTRATOR.id, cr.USER_ADMINISTRATOR.id, cr.LICENSE_ADMINISTRATOR.id,
})

C = Category
OPERATIONS: tuple[Operation, ...] = (
    Operation("products.list", C.DISCOVERY, SELLERS),
    Operation("products.get", C.DISCOVERY, SELLERS),
    Operation("skus.list", C.DISCOVERY, SELLERS),
    Operation("promotions.list", C.DISCOVERY, SELLERS),
    Operation("customers.list", C.CUSTOMERS, CUSTOMER_AREA),
    Operation("customers.get", C.CUSTOMERS, CUSTOMER_AREA),
    Operation("customers.subscribedskus", C.CUSTOMERS, CUSTOMER_AREA, _READ_LICENSES),
    Operation("subscriptions.list", C.TRANSACT, CUSTOMER_AREA),
    Operation("subscriptions.get", C.TRANSACT, CUSTOMER_AREA),
    Operation("subscriptions.update", C.TRANSACT, SELLERS),
    Operation("orders.list", C.TRANSACT, CUSTOMER_AREA),
    Operation("orders.get", C.TRANSACT, CUSTOMER_AREA),
    Operation("orders.create", C.TRANSACT, SELLERS),
    Operation("invoices.list", C.BILLING, BILLING_AREA),
    Operation("invoices.get", C.BILLING, BILLING_AREA),
    Operation("invoices.lineitems", C.BILLING, BILLING_AREA),
    Operation("users.list", C.USERS, CUSTOMER_AREA, _READ_DIRECTORY),
    Operation("users.create", C.USERS, CUSTOMER_AREA, _MANAGE_USERS),
    Operation("licenses.list", C.USERS, CUSTOMER_AREA, _READ_LICENSES),
    Operation("licenses.update", C.USERS, CUSTOMER_AREA, _ASSIGN_LICENSES),
    Operation("relationships.list", C.RELATIONSHIPS, ADMINS),
    Operation("relationships.get", C.RELATIONSHIPS, ADMINS),
    Operation("relationships.create", C.RELATIONSHIPS, ADMINS),
    Operation("assignments.list", C.RELATIONSHIPS, ADMINS),
    Operation("assignments.create", C.RELATIONSHIPS, ADMINS),
)

BY_NAME: dict[str, Operation] = {operation.name: operation for operation in OPERATIONS}


def operation(name: str) -> Operation:
    """The row named ``name`` (a KeyError for a typo, at import time of the view)."""
    return BY_NAME[name]
