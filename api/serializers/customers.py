"""Customers and their subscriptions, in Partner Center's JSON shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import StrictBooleanField, StrictIntegerField
from customers.models import Customer, Subscription


class CompanyProfileSerializer(serializers.Serializer):
    tenantId = serializers.UUIDField(source="customer_tenant_id")
    domain = serializers.CharField()
    companyName = serializers.CharField(source="company_name")


class CustomerSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="customer_tenant_id")
    companyProfile = CompanyProfileSerializer(source="*")
    country = serializers.CharField()
    # Partner Center's relationshipToPartner, plus which delegated admin rights the partner has.
    relationshipToPartner = serializers.SerializerMethodField()
    delegatedAdmin = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = (
            "id", "companyProfile", "country", "relationshipToPartner", "delegatedAdmin",
            "attributes",
        )

    def get_relationshipToPartner(self, customer: Customer) -> str:
        return "reseller"

    def get_delegatedAdmin(self, customer: Customer) -> str:
        """``GDAP``, ``DAP`` or ``none``."""
        return customer.relationship if customer.relationship != Customer.Relationship.RESELLER \
            else "none"

    def get_attributes(self, customer: Customer) -> dict[str, str]:
        return {"objectType": "Customer"}


class SubscriptionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="subscription_id", read_only=True)
    offerName = serializers.CharField(source="offer_name", read_only=True)
    friendlyName = serializers.CharField(source="offer_name", read_only=True)
    skuId = serializers.CharField(source="sku", read_only=True)
    quantity = StrictIntegerField(min_value=1, max_value=100_000)
    status = serializers.ChoiceField(choices=Subscription.Status.choices)
    autoRenewEnabled = StrictBooleanField(source="auto_renew")
    billingCycle = serializers.CharField(source="billing_frequency", read_only=True)
    commitmentEndDate = serializers.DateField(source="term_end", read_only=True)
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = Subscription
        fields = (
            "id", "offerName", "friendlyName", "skuId", "quantity", "status",
            "autoRenewEnabled", "billingCycle", "commitmentEndDate", "attributes",
        )

    def get_attributes(self, subscription: Subscription) -> dict[str, str]:
        return {"objectType": "Subscription"}

    def validate_status(self, value: str) -> str:
        if value == Subscription.Status.EXPIRED:
            raise serializers.ValidationError("A subscription cannot be set to expired.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and self.instance.status == Subscription.Status.EXPIRED:
            raise serializers.ValidationError("An expired subscription cannot be changed.")
        return attrs


class SubscribedSkuSerializer(serializers.Serializer):
    """A product the customer's tenant holds licenses of (AOBO: read in the customer's tenant)."""

    skuId = serializers.CharField()
    productName = serializers.CharField()
    totalUnits = serializers.IntegerField()
    assignedUnits = serializers.IntegerField()
    availableUnits = serializers.IntegerField()
