"""The demo customers and their subscriptions, seeded for every partner tenant.

This module owns them; the other areas' demo data name them by stable keys, never by position:

- a customer by its tenant id, taken from the constants below (``ADATUM.customer_tenant_id``);
- a subscription by its key (``DemoSubscription.key``, e.g. ``"adatum-azure-plan"``):
  ``demo_subscription(key)`` and ``demo_subscription_customer(key)`` describe it, and its seeded
  id is ``demo_subscription_id(partner_tenant_id=..., key=...)``, the same on every seed.

Keys are never reused or renamed: the seeded ids, and so the rows other areas point at, derive
from them. The order of a customer's subscriptions means nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from customers.models import Customer, Subscription

# Adatum is also a customer tenant of the mock Entra ID (entra/demo_data.py), so a trainer can
# sign in to it; Relecloud too. The other tenant ids are fixed so that URLs in training material
# stay valid.
ADATUM_TENANT_ID = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
NORTHWIND_TENANT_ID = "1f4e2a9c-7b3d-4c18-a5e6-0d9b8c7a6f11"
TAILSPIN_TENANT_ID = "2a7c5e1b-8d4f-4e29-b6a3-1e0c9d8b7a22"
RELECLOUD_TENANT_ID = "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33"
WOODGROVE_TENANT_ID = "4c9e7a3d-0f6b-4a4b-98c5-3a2e1f0d9c44"

# Subscription ids must differ per partner (they are unique), yet stay the same on every seed.
_SUBSCRIPTION_NAMESPACE = uuid.UUID("5d0c7f3e-9a61-4b8e-8f2d-6c1a0e4b7d90")

R = Customer.Relationship
S = Subscription.Status
F = Subscription.BillingFrequency


@dataclass(frozen=True)
class DemoSubscription:
    key: str  # stable, unique among all demo subscriptions; other areas' demo data name it
    offer_name: str
    sku: str
    quantity: int
    billing_frequency: str
    term_days: int  # days from today to the end of the term; negative: already ended
    status: str = S.ACTIVE
    auto_renew: bool = True


@dataclass(frozen=True)
class DemoCustomer:
    customer_tenant_id: str
    company_name: str
    domain: str
    country: str
    relationship: str
    age_days: int
    subscriptions: tuple[DemoSubscription, ...]


_M365_E3 = ("Microsoft 365 E3", "SPE_E3")
_M365_BP = ("Microsoft 365 Business Premium", "SPB")
_AZURE = ("Azure plan", "DZH318Z0BPS6")
_EXO1 = ("Exchange Online (Plan 1)", "EXCHANGESTANDARD")
_DEFENDER = ("Microsoft Defender for Business", "MDB")
_TEAMS_ESS = ("Microsoft Teams Essentials", "TEAMS_ESSENTIALS")

ADATUM = DemoCustomer(
    ADATUM_TENANT_ID, "Adatum", "adatum.com", "US", R.GDAP, 420,
    (
        DemoSubscription("adatum-m365-e3", *_M365_E3, 250, F.ANNUAL, 143),
        DemoSubscription("adatum-azure-plan", *_AZURE, 1, F.MONTHLY, 23),
        DemoSubscription("adatum-defender-for-business", *_DEFENDER, 250, F.ANNUAL, 143),
    ),
)
NORTHWIND = DemoCustomer(
    NORTHWIND_TENANT_ID, "Northwind Traders", "northwindtraders.com", "GB", R.GDAP, 365,
    (
        DemoSubscription("northwind-m365-business-premium", *_M365_BP, 48, F.MONTHLY, 17),
        DemoSubscription("northwind-exchange-online-p1", *_EXO1, 12, F.ANNUAL, 201),
    ),
)
TAILSPIN = DemoCustomer(
    TAILSPIN_TENANT_ID, "Tailspin Toys", "tailspintoys.com", "DE", R.RESELLER, 210,
    (
        DemoSubscription("tailspin-m365-business-premium", *_M365_BP, 15, F.ANNUAL, 88),
        DemoSubscription(
            "tailspin-defender-for-business", *_DEFENDER, 15, F.MONTHLY, -12, S.EXPIRED,
            auto_renew=False,
        ),
        DemoSubscription("tailspin-teams-essentials", *_TEAMS_ESS, 5, F.MONTHLY, 9),
        DemoSubscription(
            "tailspin-exchange-online-p1", *_EXO1, 3, F.MONTHLY, 9, S.SUSPENDED,
            auto_renew=False,
        ),
    ),
)
RELECLOUD = DemoCustomer(
    RELECLOUD_TENANT_ID, "Relecloud", "relecloud.com", "KR", R.GDAP, 95,
    (DemoSubscription("relecloud-azure-plan", *_AZURE, 1, F.MONTHLY, 4),),
)
WOODGROVE = DemoCustomer(
    WOODGROVE_TENANT_ID, "Woodgrove Bank", "woodgrovebank.com", "US", R.DAP, 730,
    (
        DemoSubscription("woodgrove-m365-e3", *_M365_E3, 1200, F.ANNUAL, 310),
        DemoSubscription("woodgrove-azure-plan", *_AZURE, 1, F.MONTHLY, 23),
    ),
)

DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (ADATUM, NORTHWIND, TAILSPIN, RELECLOUD, WOODGROVE)


def _owned(key: str) -> tuple[DemoCustomer, DemoSubscription]:
    # Read at each call (a dozen entries), so it always agrees with what the seeder seeds.
    found = [
        (customer, subscription)
        for customer in DEMO_CUSTOMERS
        for subscription in customer.subscriptions
        if subscription.key == key
    ]
    if len(found) != 1:
        raise LookupError(f"{len(found)} demo subscriptions have the key {key!r}; expected one.")
    return found[0]


def demo_subscription(key: str) -> DemoSubscription:
    """The demo subscription of ``key``; ``LookupError`` for an unknown (or repeated) key."""
    return _owned(key)[1]


def demo_subscription_customer(key: str) -> DemoCustomer:
    """The demo customer holding the subscription of ``key``."""
    return _owned(key)[0]


def demo_subscription_id(*, partner_tenant_id: str, key: str) -> uuid.UUID:
    """The seeded id of the subscription of ``key`` for ``partner_tenant_id``.

    Derived from the partner and the key alone, so it stays the same on every seed and
    whatever the order of the customer's subscriptions; any spelling of the tenant id gives it.
    """
    demo_subscription(key)  # an unknown key is a mistake, not the id of nothing
    partner = str(uuid.UUID(str(partner_tenant_id)))
    return uuid.uuid5(_SUBSCRIPTION_NAMESPACE, f"{partner}/{key}")
