"""GDAP relationships and their access assignments, in Microsoft Graph's shapes
(delegatedAdminRelationship, delegatedAdminAccessAssignment)."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import StrictCharField, StrictUUIDField
from customers.models import AccessAssignment, AdminRelationship

# Graph's durations are ISO 8601; the simulator takes days only, as Partner Center's UI does.
_DURATION = re.compile(r"P([0-9]{1,4})D")


class UnifiedRoleSerializer(serializers.Serializer):
    roleDefinitionId = StrictCharField(max_length=64)


class AccessDetailsSerializer(serializers.Serializer):
    unifiedRoles = UnifiedRoleSerializer(many=True, allow_empty=False, max_length=50)


def _access_details(role_ids: list[str]) -> dict[str, Any]:
    return {"unifiedRoles": [{"roleDefinitionId": role_id} for role_id in role_ids]}


def role_ids(access_details: dict[str, Any]) -> list[str]:
    """The role ids a validated ``accessDetails`` names, in order, without repeats."""
    return list(dict.fromkeys(
        role["roleDefinitionId"] for role in access_details["unifiedRoles"]
    ))


class _RelationshipCustomerSerializer(serializers.Serializer):
    tenantId = serializers.UUIDField()
    displayName = serializers.CharField()


class AdminRelationshipSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="relationship_id")
    displayName = serializers.CharField(source="display_name")
    duration = serializers.SerializerMethodField()
    status = serializers.CharField()
    customer = serializers.SerializerMethodField()
    accessDetails = serializers.SerializerMethodField()
    createdDateTime = serializers.DateTimeField(source="created_at")
    # Both null until the customer approves the relationship.
    activatedDateTime = serializers.DateTimeField(source="activated_at", allow_null=True)
    endDateTime = serializers.DateTimeField(source="ends_at", allow_null=True)

    class Meta:
        model = AdminRelationship
        fields = (
            "id", "displayName", "duration", "status", "customer", "accessDetails",
            "createdDateTime", "activatedDateTime", "endDateTime",
        )

    def get_duration(self, relationship: AdminRelationship) -> str:
        return f"P{relationship.duration_days}D"

    @extend_schema_field(_RelationshipCustomerSerializer)
    def get_customer(self, relationship: AdminRelationship) -> dict[str, str]:
        customer = relationship.customer
        return {"tenantId": str(customer.customer_tenant_id), "displayName": customer.company_name}

    @extend_schema_field(AccessDetailsSerializer)
    def get_accessDetails(self, relationship: AdminRelationship) -> dict[str, Any]:
        return _access_details(relationship.role_ids)


class _CustomerRefSerializer(serializers.Serializer):
    tenantId = StrictUUIDField()


class AdminRelationshipCreateSerializer(serializers.Serializer):
    """The body of relationships.create; which roles exist is the service's to say."""

    displayName = StrictCharField(max_length=50)
    customer = _CustomerRefSerializer()
    duration = StrictCharField(max_length=8, help_text="ISO 8601 days, P1D to P730D.")
    accessDetails = AccessDetailsSerializer()

    def validate_duration(self, value: str) -> int:
        match = _DURATION.fullmatch(value)
        if match is None:
            raise serializers.ValidationError("An ISO 8601 duration in days, such as P730D.")
        return int(match[1])


class _AccessContainerSerializer(serializers.Serializer):
    accessContainerId = StrictUUIDField()
    accessContainerType = serializers.ChoiceField(choices=["securityGroup"])


class AccessAssignmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="assignment_id")
    status = serializers.SerializerMethodField()
    accessContainer = serializers.SerializerMethodField()
    accessDetails = serializers.SerializerMethodField()
    createdDateTime = serializers.DateTimeField(source="created_at")

    class Meta:
        model = AccessAssignment
        fields = ("id", "status", "accessContainer", "accessDetails", "createdDateTime")

    def get_status(self, assignment: AccessAssignment) -> str:
        return "active"

    @extend_schema_field(_AccessContainerSerializer)
    def get_accessContainer(self, assignment: AccessAssignment) -> dict[str, str]:
        return {
            "accessContainerId": str(assignment.security_group_id),
            "accessContainerType": "securityGroup",
        }

    @extend_schema_field(AccessDetailsSerializer)
    def get_accessDetails(self, assignment: AccessAssignment) -> dict[str, Any]:
        return _access_details(assignment.role_ids)


class AccessAssignmentCreateSerializer(serializers.Serializer):
    accessContainer = _AccessContainerSerializer()
    accessDetails = AccessDetailsSerializer()
