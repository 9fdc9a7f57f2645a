from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    """A customer tenant as one partner tenant sees it.

    The same customer tenant may work with several partners, so a customer is identified by the
    pair (partner tenant, customer tenant), never by its tenant id alone.
    """

    class Relationship(models.TextChoices):
        GDAP = "GDAP", _("Granular delegated admin (GDAP)")
        DAP = "DAP", _("Delegated admin (DAP)")
        RESELLER = "Reseller", _("Reseller")

    partner_tenant_id = models.UUIDField(db_index=True)
    customer_tenant_id = models.UUIDField()
    company_name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253)
    country = models.CharField(max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("company_name",)
        constraints = [
            models.UniqueConstraint(
                fields=("partner_tenant_id", "customer_tenant_id"),
                name="customers_customer_unique_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.company_name


class Subscription(models.Model):
    """A commercial subscription the partner manages for a customer."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")

    class BillingFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        ANNUAL = "annual", _("Annual")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="subscriptions")
    subscription_id = models.UUIDField(unique=True)
    offer_name = models.CharField(max_length=200)
    sku = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    billing_frequency = models.CharField(max_length=16, choices=BillingFrequency.choices)
    term_end = models.DateField()
    auto_renew = models.BooleanField(default=True)

    class Meta:
        ordering = ("offer_name", "subscription_id")

    def __str__(self) -> str:
        return f"{self.offer_name} ({self.quantity})"


class Order(models.Model):
    """An order the partner placed for a customer; each line item starts a subscription."""

    class Status(models.TextChoices):
        COMPLETED = "completed", _("Completed")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    order_id = models.UUIDField(unique=True)
    billing_cycle = models.CharField(max_length=16, choices=Subscription.BillingFrequency.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.COMPLETED)
    created_at = models.DateTimeField(default=timezone.now)
    # Who placed it: the user's UPN, or the application id of an app-only call.
    created_by = models.CharField(max_length=254)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return str(self.order_id)


class OrderLineItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="line_items")
    line_item_number = models.PositiveSmallIntegerField()
    offer_id = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    subscription = models.OneToOneField(Subscription, on_delete=models.PROTECT)

    class Meta:
        ordering = ("order", "line_item_number")

    def __str__(self) -> str:
        return f"{self.order}/{self.line_item_number}: {self.offer_id} x {self.quantity}"


class CustomerUser(models.Model):
    """A user of a customer's directory, created by the partner with delegated admin rights."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="users")
    user_id = models.UUIDField(unique=True)
    user_principal_name = models.CharField(max_length=254)
    first_name = models.CharField(max_length=64)
    last_name = models.CharField(max_length=64)
    display_name = models.CharField(max_length=256)
    usage_location = models.CharField(max_length=2)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.CharField(max_length=254)

    class Meta:
        ordering = ("user_principal_name",)
        constraints = [
            models.UniqueConstraint(
                fields=("customer", "user_principal_name"), name="customers_user_upn_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.user_principal_name


class LicenseAssignment(models.Model):
    """A product license (SKU) assigned to a customer's user."""

    user = models.ForeignKey(CustomerUser, on_delete=models.CASCADE, related_name="licenses")
    sku = models.CharField(max_length=100)
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("sku",)
        constraints = [
            models.UniqueConstraint(fields=("user", "sku"), name="customers_license_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.sku}"


class AdminRelationship(models.Model):
    """A granular delegated admin (GDAP) relationship: Entra roles in the customer's tenant,
    for a limited time, that the customer approves."""

    class Status(models.TextChoices):
        APPROVAL_PENDING = "approvalPending", _("Approval pending")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="admin_relationships"
    )
    relationship_id = models.UUIDField(unique=True)
    display_name = models.CharField(max_length=50)
    # Entra role template ids (customers.roles.CUSTOMER_ROLES).
    role_ids = models.JSONField(default=list)
    duration_days = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.APPROVAL_PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=254)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("customer", "display_name"), name="customers_relationship_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class AccessAssignment(models.Model):
    """Which partner security group holds which of a relationship's roles."""

    relationship = models.ForeignKey(
        AdminRelationship, on_delete=models.CASCADE, related_name="access_assignments"
    )
    assignment_id = models.UUIDField(unique=True)
    security_group_id = models.UUIDField()
    role_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("relationship", "security_group_id"),
                name="customers_assignment_group_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship}: {self.security_group_id}"
