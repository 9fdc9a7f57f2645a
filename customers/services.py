"""Writes of the Customers area."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from customers.models import AccessAssignment, AdminRelationship, Customer, Subscription
from customers.roles import DEMO_GDAP_ROLES

# Adatum is also a customer tenant of the mock Entra ID (entra/demo_data.py), so a trainer can
# sign in to it; the other tenant ids are fixed so that URLs in training material stay valid.
ADATUM_TENANT_ID = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"

# Subscription ids must differ per partner (they are unique), yet stay the same on every seed.
_SUBSCRIPTION_NAMESPACE = uuid.UUID("5d0c7f3e-9a61-4b8e-8f2d-6c1a0e4b7d90")
# Likewise for the seeded GDAP relationships, their access assignments and security groups.
_RELATIONSHIP_NAMESPACE = uuid.UUID("0b7e2c1d-4f3a-4d6b-9e8a-7c5b1a2d3e4f")
DEMO_GDAP_DURATION_DAYS = 730

R = Customer.Relationship
S = Subscription.Status
F = Subscription.BillingFrequency


@dataclass(frozen=True)
class _DemoSubscription:
    offer_name: str
    sku: str
    quantity: int
    billing_frequency: str
    term_days: int  # days from today to the end of the term; negative: already ended
    status: str = S.ACTIVE
    auto_renew: bool = True


@dataclass(frozen=True)
class _DemoCustomer:
    customer_tenant_id: str
    company_name: str
    domain: str
    country: str
    relationship: str
    age_days: int
    subscriptions: tuple[_DemoSubscription, ...]


_M365_E3 = ("Microsoft 365 E3", "SPE_E3")
_M365_BP = ("Microsoft 365 Business Premium", "SPB")
_AZURE = ("Azure plan", "DZH318Z0BPS6")
_EXO1 = ("Exchange Online (Plan 1)", "EXCHANGESTANDARD")
_DEFENDER = ("Microsoft Defender for Business", "MDB")
_TEAMS_ESS = ("Microsoft Teams Essentials", "TEAMS_ESSENTIALS")

DEMO_CUSTOMERS: tuple[_DemoCustomer, ...] = (
    _DemoCustomer(
        ADATUM_TENANT_ID, "Adatum", "adatum.com", "US", R.GDAP, 420,
        (
            _DemoSubscription(*_M365_E3, 250, F.ANNUAL, 143),
            _DemoSubscription(*_AZURE, 1, F.MONTHLY, 23),
            _DemoSubscription(*_DEFENDER, 250, F.ANNUAL, 143),
        ),
    ),
    _DemoCustomer(
        "1f4e2a9c-7b3d-4c18-a5e6-0d9b8c7a6f11", "Northwind Traders", "northwindtraders.com",
        "GB", R.GDAP, 365,
        (
            _DemoSubscription(*_M365_BP, 48, F.MONTHLY, 17),
            _DemoSubscription(*_EXO1, 12, F.ANNUAL, 201),
        ),
    ),
    _DemoCustomer(
        "2a7c5e1b-8d4f-4e29-b6a3-1e0c9d8b7a22", "Tailspin Toys", "tailspintoys.com",
        "DE", R.RESELLER, 210,
        (
            _DemoSubscription(*_M365_BP, 15, F.ANNUAL, 88),
            _DemoSubscription(*_DEFENDER, 15, F.MONTHLY, -12, S.EXPIRED, auto_renew=False),
            _DemoSubscription(*_TEAMS_ESS, 5, F.MONTHLY, 9),
            _DemoSubscription(*_EXO1, 3, F.MONTHLY, 9, S.SUSPENDED, auto_renew=False),
        ),
    ),
    _DemoCustomer(
        "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33", "Relecloud", "relecloud.com",
        "KR", R.GDAP, 95,
        (_DemoSubscription(*_AZURE, 1, F.MONTHLY, 4),),
    ),
    _DemoCustomer(
        "4c9e7a3d-0f6b-4a4b-98c5-3a2e1f0d9c44", "Woodgrove Bank", "woodgrovebank.com",
        "US", R.DAP, 730,
        (
            _DemoSubscription(*_M365_E3, 1200, F.ANNUAL, 310),
            _DemoSubscription(*_AZURE, 1, F.MONTHLY, 23),
        ),
    ),
)


def demo_subscription_id(
    *, partner_tenant_id: str, customer_tenant_id: str, index: int
) -> uuid.UUID:
    """The fixed id of a seeded subscription (other areas' demo data point at it)."""
    return uuid.uuid5(_SUBSCRIPTION_NAMESPACE, f"{partner_tenant_id}/{customer_tenant_id}/{index}")


def customers_seed_demo(*, partner_tenant_id: str) -> None:
    """Give ``partner_tenant_id`` the demo customers and their subscriptions; idempotent.

    Rows that already exist are left as they are, so a second call creates nothing and two
    first sign-ins of the same partner at once do not fail on the unique constraints.
    """
    # One spelling of the tenant id, so that the derived subscription ids never change.
    partner_tenant_id = str(uuid.UUID(partner_tenant_id))
    now = timezone.now()
    today: date = timezone.localdate()
    Customer.objects.bulk_create(
        (
            Customer(
                partner_tenant_id=partner_tenant_id,
                customer_tenant_id=demo.customer_tenant_id,
                company_name=demo.company_name,
                domain=demo.domain,
                country=demo.country,
                relationship=demo.relationship,
                created_at=now - timedelta(days=demo.age_days),
            )
            for demo in DEMO_CUSTOMERS
        ),
        ignore_conflicts=True,
    )
    # bulk_create(ignore_conflicts=True) returns objects without primary keys: read them back.
    customers = {
        str(customer.customer_tenant_id): customer
        for customer in Customer.objects.filter(
            partner_tenant_id=partner_tenant_id,
            customer_tenant_id__in=[demo.customer_tenant_id for demo in DEMO_CUSTOMERS],
        )
    }
    Subscription.objects.bulk_create(
        (
            Subscription(
                customer=customers[demo.customer_tenant_id],
                subscription_id=demo_subscription_id(
                    partner_tenant_id=partner_tenant_id,
                    customer_tenant_id=demo.customer_tenant_id,
                    index=index,
                ),
                offer_name=sub.offer_name,
                sku=sub.sku,
                quantity=sub.quantity,
                status=sub.status,
                billing_frequency=sub.billing_frequency,
                term_end=today + timedelta(days=sub.term_days),
                auto_renew=sub.auto_renew,
            )
            for demo in DEMO_CUSTOMERS
            for index, sub in enumerate(demo.subscriptions)
        ),
        ignore_conflicts=True,
    )
    admin_relationships_seed_demo(partner_tenant_id=partner_tenant_id)


def subscription_update(
    *,
    subscription: Subscription,
    quantity: int | None = None,
    status: str | None = None,
    auto_renew: bool | None = None,
) -> Subscription:
    """Change what a partner may change of a subscription; fields left None stay as they are."""
    changes = {"quantity": quantity, "status": status, "auto_renew": auto_renew}
    changed = [name for name, value in changes.items() if value is not None]
    for name in changed:
        setattr(subscription, name, changes[name])
    if changed:
        subscription.save(update_fields=changed)
    return subscription


def admin_relationships_seed_demo(*, partner_tenant_id: str) -> None:
    """An active GDAP relationship for each GDAP customer, its roles assigned to one partner
    security group ("Contoso GDAP agents"); idempotent like ``customers_seed_demo``."""
    partner_tenant_id = str(uuid.UUID(partner_tenant_id))
    now = timezone.now()
    for customer in Customer.objects.filter(
        partner_tenant_id=partner_tenant_id, relationship=R.GDAP
    ):
        key = f"{partner_tenant_id}/{customer.customer_tenant_id}"
        relationship, _ = AdminRelationship.objects.get_or_create(
            relationship_id=uuid.uuid5(_RELATIONSHIP_NAMESPACE, key),
            defaults={
                "customer": customer,
                "display_name": f"GDAP {customer.company_name}"[:50],
                "role_ids": list(DEMO_GDAP_ROLES),
                "duration_days": DEMO_GDAP_DURATION_DAYS,
                "status": AdminRelationship.Status.ACTIVE,
                "created_at": customer.created_at,
                "activated_at": customer.created_at,
                "ends_at": now + timedelta(days=DEMO_GDAP_DURATION_DAYS // 2),
                "created_by": "seed",
            },
        )
        AccessAssignment.objects.get_or_create(
            assignment_id=uuid.uuid5(_RELATIONSHIP_NAMESPACE, f"{key}/assignment"),
            defaults={
                "relationship": relationship,
                "security_group_id": uuid.uuid5(
                    _RELATIONSHIP_NAMESPACE, f"{partner_tenant_id}/agents"
                ),
                "role_ids": list(DEMO_GDAP_ROLES),
            },
        )
