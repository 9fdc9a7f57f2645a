"""A customer's users and their licenses (DAP or GDAP), in Partner Center's shapes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import StrictCharField
from customers import catalog
from customers.models import CustomerUser, LicenseAssignment

MAX_LICENSE_CHANGES = 50


class CustomerUserSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="user_id")
    userPrincipalName = serializers.CharField(source="user_principal_name")
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    displayName = serializers.CharField(source="display_name")
    usageLocation = serializers.CharField(source="usage_location")
    state = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = CustomerUser
        fields = (
            "id", "userPrincipalName", "firstName", "lastName", "displayName", "usageLocation",
            "state", "creationDate", "attributes",
        )

    def get_state(self, user: CustomerUser) -> str:
        return "active"

    def get_attributes(self, user: CustomerUser) -> dict[str, str]:
        return {"objectType": "CustomerUser"}


class CustomerUserCreateSerializer(serializers.Serializer):
    """The body of users.create; that the domain is the customer's is the service's to say."""

    userPrincipalName = StrictCharField(max_length=254)
    firstName = StrictCharField(max_length=64)
    lastName = StrictCharField(max_length=64)
    displayName = StrictCharField(max_length=256)
    usageLocation = StrictCharField(min_length=2, max_length=2)

    def validate_userPrincipalName(self, value: str) -> str:
        local, at, domain = value.partition("@")
        if not (local and at and domain) or "@" in domain or any(c.isspace() for c in value):
            raise serializers.ValidationError("Not a user principal name (name@domain).")
        return value

    def validate_usageLocation(self, value: str) -> str:
        if not (value.isascii() and value.isalpha()):
            raise serializers.ValidationError("A two-letter ISO 3166-1 country code.")
        return value.upper()


class _ProductSkuSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    skuPartNumber = serializers.CharField()
    targetType = serializers.CharField()


class LicenseSerializer(serializers.ModelSerializer):
    productSku = serializers.SerializerMethodField()
    servicePlans = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = LicenseAssignment
        fields = ("productSku", "servicePlans", "attributes")

    @extend_schema_field(_ProductSkuSerializer)
    def get_productSku(self, license_: LicenseAssignment) -> dict[str, str]:
        sku = catalog.sku_get(sku_id=license_.sku)
        return {
            "id": license_.sku,
            "name": sku.title if sku else license_.sku,
            "skuPartNumber": license_.sku,
            "targetType": "User",
        }

    def get_servicePlans(self, license_: LicenseAssignment) -> list[dict[str, Any]]:
        return []

    def get_attributes(self, license_: LicenseAssignment) -> dict[str, str]:
        return {"objectType": "License"}


class _LicenseToAssignSerializer(serializers.Serializer):
    skuId = StrictCharField(max_length=100)


class LicenseUpdateSerializer(serializers.Serializer):
    """The body of licenses.update and its answer (the changes made, no warnings)."""

    licensesToAssign = _LicenseToAssignSerializer(
        many=True, required=False, allow_null=True, max_length=MAX_LICENSE_CHANGES
    )
    # Partner Center's own samples send null for "nothing to remove".
    licensesToRemove = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, allow_null=True,
        max_length=MAX_LICENSE_CHANGES,
    )
    licenseWarnings = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = {
            "licensesToAssign": attrs.get("licensesToAssign") or [],
            "licensesToRemove": attrs.get("licensesToRemove") or [],
        }
        if not attrs["licensesToAssign"] and not attrs["licensesToRemove"]:
            raise serializers.ValidationError("Name at least one license to assign or remove.")
        return attrs

    def get_licenseWarnings(self, update: Any) -> list[dict[str, str]]:
        return []

    def get_attributes(self, update: Any) -> dict[str, str]:
        return {"objectType": "LicenseUpdate"}
