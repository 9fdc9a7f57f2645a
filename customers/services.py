"""Writes of the Customers area.

Every write is all or nothing: a service checks the whole request first and raises a
``customers.exceptions`` refusal, or writes everything in one transaction. The keys of
``InvalidInput.errors`` are the Partner Center API's field names, as the API is what reports them
field by field.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from customers import catalog, demo_data, selectors
from customers.exceptions import Conflict, InvalidInput
from customers.models import (
    AccessAssignment,
    AdminRelationship,
    Customer,
    CustomerUser,
    LicenseAssignment,
    Order,
    OrderLineItem,
    Subscription,
)
from customers.roles import CUSTOMER_ROLES, DEMO_GDAP_ROLES

# The seeded GDAP relationships, their access assignments and security groups have fixed ids.
_RELATIONSHIP_NAMESPACE = uuid.UUID("0b7e2c1d-4f3a-4d6b-9e8a-7c5b1a2d3e4f")
DEMO_GDAP_DURATION_DAYS = 730

R = Customer.Relationship


def customers_seed_demo(*, partner_tenant_id: str) -> None:
    """Give ``partner_tenant_id`` the demo customers and their subscriptions
    (``customers.demo_data``); idempotent.

    Rows that already exist are left as they are, so a second call creates nothing and two
    first sign-ins of the same partner at once do not fail on the unique constraints. Each
    subscription's id derives from the partner and the subscription's key, so other areas' demo
    data find it by that key (``demo_data.demo_subscription_id``).
    """
    # One spelling of the tenant id, as the customer rows store it.
    partner_tenant_id = str(uuid.UUID(partner_tenant_id))
    demo_customers = demo_data.DEMO_CUSTOMERS
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
            for demo in demo_customers
        ),
        ignore_conflicts=True,
    )
    # bulk_create(ignore_conflicts=True) returns objects without primary keys: read them back.
    customers = {
        str(customer.customer_tenant_id): customer
        for customer in Customer.objects.filter(
            partner_tenant_id=partner_tenant_id,
            customer_tenant_id__in=[demo.customer_tenant_id for demo in demo_customers],
        )
    }
    Subscription.objects.bulk_create(
        (
            Subscription(
                customer=customers[demo.customer_tenant_id],
                subscription_id=demo_data.demo_subscription_id(
                    partner_tenant_id=partner_tenant_id, key=sub.key
                ),
                offer_name=sub.offer_name,
                sku=sub.sku,
                quantity=sub.quantity,
                status=sub.status,
                billing_frequency=sub.billing_frequency,
                term_end=today + timedelta(days=sub.term_days),
                auto_renew=sub.auto_renew,
            )
            for demo in demo_customers
            for sub in demo.subscriptions
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


@dataclass(frozen=True)
class OrderLine:
    offer_id: str
    quantity: int


def order_create(
    *,
    customer: Customer,
    billing_cycle: str,
    line_items: Sequence[OrderLine],
    created_by: str,
) -> Order:
    """Place an order for ``customer``: each line item starts a subscription of its catalog SKU.

    An unknown offer, a quantity out of range or a billing cycle the SKU is not sold with
    refuses the whole order (``InvalidInput``) before anything is written.
    """
    errors: dict[str, list[str]] = {}
    if billing_cycle not in catalog.BILLING_CYCLES:
        errors["billingCycle"] = [f"No billing cycle {billing_cycle!r}."]
    line_errors: list[str] = [] if line_items else ["An order needs at least one line item."]
    skus: list[catalog.Sku] = []
    for number, line in enumerate(line_items):
        sku = catalog.sku_get(sku_id=line.offer_id)
        if sku is None:
            line_errors.append(f"Line item {number}: no offer {line.offer_id!r} in the catalog.")
            continue
        if billing_cycle in catalog.BILLING_CYCLES and billing_cycle not in sku.billing_cycles:
            line_errors.append(
                f"Line item {number}: {sku.title} is not sold with {billing_cycle} billing."
            )
        if not catalog.MIN_QUANTITY <= line.quantity <= catalog.MAX_QUANTITY:
            line_errors.append(f"Line item {number}: the quantity must be between "
                               f"{catalog.MIN_QUANTITY} and {catalog.MAX_QUANTITY}.")
        skus.append(sku)
    if line_errors:
        errors["lineItems"] = line_errors
    if errors:
        raise InvalidInput(errors)

    term_end = _term_end(start=timezone.localdate(), billing_cycle=billing_cycle)
    with transaction.atomic():
        order = Order.objects.create(
            customer=customer, order_id=uuid.uuid4(), billing_cycle=billing_cycle,
            created_by=created_by,
        )
        for number, (line, sku) in enumerate(zip(line_items, skus, strict=True)):
            subscription = Subscription.objects.create(
                customer=customer, subscription_id=uuid.uuid4(), offer_name=sku.title,
                sku=sku.id, quantity=line.quantity, billing_frequency=billing_cycle,
                term_end=term_end,
            )
            OrderLineItem.objects.create(
                order=order, line_item_number=number, offer_id=sku.id, quantity=line.quantity,
                subscription=subscription,
            )
    return order


def _term_end(*, start: date, billing_cycle: str) -> date:
    # New commerce terms run a calendar month or year; the day is clamped to the month's end.
    months = 12 if billing_cycle == catalog.ANNUAL else 1
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def customer_user_create(
    *,
    customer: Customer,
    user_principal_name: str,
    first_name: str,
    last_name: str,
    display_name: str,
    usage_location: str,
    created_by: str,
) -> CustomerUser:
    """Create a user in the customer's directory (with a delegated admin role there).

    The UPN must be in the customer's domain; a UPN already there, in any letter case, is a
    ``Conflict`` (``user_exists``), as Entra compares UPNs without case.
    """
    # Kept in lower case so that the unique constraint also holds across letter case.
    upn = user_principal_name.strip().lower()
    _, _, domain = upn.rpartition("@")
    if domain != customer.domain.lower():
        raise InvalidInput({"userPrincipalName": [
            f"The user name must be in the customer's domain, {customer.domain}."
        ]})
    exists = Conflict("user_exists", f"{customer.company_name} already has a user {upn}.")
    if customer.users.filter(user_principal_name=upn).exists():
        raise exists
    try:
        with transaction.atomic():
            return CustomerUser.objects.create(
                customer=customer, user_id=uuid.uuid4(), user_principal_name=upn,
                first_name=first_name, last_name=last_name, display_name=display_name,
                usage_location=usage_location.upper(), created_by=created_by,
            )
    except IntegrityError:
        raise exists from None  # created by a concurrent request since the check


def customer_user_licenses_update(
    *,
    user: CustomerUser,
    assign: Sequence[str],
    remove: Sequence[str],
) -> tuple[list[str], list[str]]:
    """Assign and remove licenses of ``user``; returns the SKUs assigned and removed.

    A SKU to assign needs a user license the customer holds an active subscription of with a
    seat left; a SKU to remove must be assigned to the user. Any failure refuses the whole
    update. Assigning a license the user already has changes nothing.
    """
    assign = list(dict.fromkeys(assign))
    remove = list(dict.fromkeys(remove))
    customer = user.customer
    with transaction.atomic():
        # Serialises concurrent assignments of the customer's seats (PostgreSQL; SQLite
        # serialises writers anyway).
        list(customer.subscriptions.select_for_update().values_list("pk", flat=True))
        held = set(user.licenses.values_list("sku", flat=True))
        errors: dict[str, list[str]] = {}
        for sku_id in sorted(set(assign) & set(remove)):
            errors.setdefault("licensesToRemove", []).append(
                f"{sku_id} is both assigned and removed."
            )
        for sku_id in assign:
            if sku_id in held:
                continue
            problem = _license_problem(customer=customer, sku_id=sku_id)
            if problem:
                errors.setdefault("licensesToAssign", []).append(problem)
        for sku_id in remove:
            if sku_id not in held:
                errors.setdefault("licensesToRemove", []).append(
                    f"The user has no license of {sku_id}."
                )
        if errors:
            raise InvalidInput(errors)
        added = [sku_id for sku_id in assign if sku_id not in held]
        LicenseAssignment.objects.bulk_create(
            LicenseAssignment(user=user, sku=sku_id) for sku_id in added
        )
        user.licenses.filter(sku__in=remove).delete()
    return added, remove


def _license_problem(*, customer: Customer, sku_id: str) -> str | None:
    sku = catalog.sku_get(sku_id=sku_id)
    if sku is not None and not sku.user_license:
        return f"{sku.title} is not licensed per user."
    if not customer.subscriptions.filter(status=Subscription.Status.ACTIVE, sku=sku_id).exists():
        return f"{customer.company_name} has no active subscription of {sku_id}."
    if selectors.sku_seats_available(customer=customer, sku=sku_id) < 1:
        return f"Every license of {sku_id} is already assigned."
    return None


MAX_RELATIONSHIP_DAYS = 730


def admin_relationship_create(
    *,
    customer: Customer,
    display_name: str,
    duration_days: int,
    role_ids: Sequence[str],
    created_by: str,
) -> AdminRelationship:
    """Request a GDAP relationship with ``customer``: pending until the customer approves it.

    Unknown roles or a duration outside 1..730 days are ``InvalidInput``; a display name the
    customer's relationships already use is a ``Conflict`` (``relationship_exists``).
    """
    errors: dict[str, list[str]] = {}
    unknown = [role_id for role_id in role_ids if role_id not in CUSTOMER_ROLES]
    if unknown or not role_ids:
        errors["accessDetails"] = [
            f"Unknown role definition ids: {', '.join(unknown)}." if unknown
            else "Name at least one role."
        ]
    if not 1 <= duration_days <= MAX_RELATIONSHIP_DAYS:
        errors["duration"] = [f"The duration must be 1 to {MAX_RELATIONSHIP_DAYS} days."]
    if errors:
        raise InvalidInput(errors)
    exists = Conflict(
        "relationship_exists",
        f"A relationship with {customer.company_name} is already named {display_name!r}.",
    )
    if customer.admin_relationships.filter(display_name=display_name).exists():
        raise exists
    try:
        with transaction.atomic():
            return AdminRelationship.objects.create(
                customer=customer, relationship_id=uuid.uuid4(), display_name=display_name,
                role_ids=list(dict.fromkeys(role_ids)), duration_days=duration_days,
                status=AdminRelationship.Status.APPROVAL_PENDING, created_by=created_by,
            )
    except IntegrityError:
        raise exists from None


def access_assignment_create(
    *,
    relationship: AdminRelationship,
    security_group_id: uuid.UUID,
    role_ids: Sequence[str],
) -> AccessAssignment:
    """Give a partner security group some of an active relationship's roles.

    A relationship that is not active (pending approval, expired, terminated) or a group it
    already assigns is a ``Conflict``; roles the relationship does not grant are
    ``InvalidInput``.
    """
    if not selectors.admin_relationship_is_active(relationship=relationship):
        raise Conflict(
            "relationship_not_active",
            f"The relationship is {relationship.status}: roles can be assigned only once the "
            "customer has approved it, and until it ends.",
        )
    outside = [role_id for role_id in role_ids if role_id not in relationship.role_ids]
    if outside or not role_ids:
        raise InvalidInput({"accessDetails": [
            f"The relationship does not grant: {', '.join(outside)}." if outside
            else "Name at least one role."
        ]})
    exists = Conflict(
        "assignment_exists", "The relationship already assigns roles to this security group."
    )
    if relationship.access_assignments.filter(security_group_id=security_group_id).exists():
        raise exists
    try:
        with transaction.atomic():
            return AccessAssignment.objects.create(
                relationship=relationship, assignment_id=uuid.uuid4(),
                security_group_id=security_group_id, role_ids=list(dict.fromkeys(role_ids)),
            )
    except IntegrityError:
        raise exists from None

