"""Granular admin relationship requests (GDAP) and their access assignments, on the
partner's own records: no role in the customer's tenant is needed to ask for one."""

from __future__ import annotations

import uuid

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import ApiError
from api.serializers.relationships import (
    AccessAssignmentCreateSerializer,
    AccessAssignmentSerializer,
    AdminRelationshipCreateSerializer,
    AdminRelationshipSerializer,
    role_ids,
)
from api.views.base import OperationView
from api.views.refusals import service_refusals
from customers import selectors, services
from customers.models import AdminRelationship


def _relationship_or_404(request: Request, relationship_id: uuid.UUID) -> AdminRelationship:
    relationship = selectors.admin_relationship_get(
        partner_tenant_id=request.user.tenant_id, relationship_id=relationship_id
    )
    if relationship is None:
        raise Http404("No relationship with this id.")
    return relationship


class AdminRelationshipList(OperationView, generics.ListAPIView):
    """The partner's GDAP relationships; POST requests a new one (pending the customer's
    approval)."""

    operations = {"GET": "relationships.list", "POST": "relationships.create"}
    serializer_class = AdminRelationshipSerializer

    def get_queryset(self):
        return selectors.admin_relationship_list(partner_tenant_id=self.request.user.tenant_id)

    @extend_schema(
        request=AdminRelationshipCreateSerializer, responses={201: AdminRelationshipSerializer}
    )
    def post(self, request: Request) -> Response:
        body = AdminRelationshipCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        customer = selectors.customer_get(
            partner_tenant_id=request.user.tenant_id,
            customer_tenant_id=data["customer"]["tenantId"],
        )
        if customer is None:
            raise ApiError("customer_not_found", "The partner has no customer with this tenant id.",
                           status_code=status.HTTP_404_NOT_FOUND)
        with service_refusals():
            relationship = services.admin_relationship_create(
                customer=customer,
                display_name=data["displayName"],
                duration_days=data["duration"],
                role_ids=role_ids(data["accessDetails"]),
                created_by=request.user.name,
            )
        return Response(
            AdminRelationshipSerializer(relationship).data, status=status.HTTP_201_CREATED
        )


class AdminRelationshipDetail(OperationView, generics.RetrieveAPIView):
    """One of the partner's GDAP relationships, by its id."""

    operations = {"GET": "relationships.get"}
    serializer_class = AdminRelationshipSerializer

    def get_object(self) -> AdminRelationship:
        return _relationship_or_404(self.request, self.kwargs["relationship_id"])


class AccessAssignmentList(OperationView, generics.ListAPIView):
    """Which partner security groups hold which of the relationship's roles; POST assigns some
    to a group (an active relationship only)."""

    operations = {"GET": "assignments.list", "POST": "assignments.create"}
    serializer_class = AccessAssignmentSerializer

    def get_queryset(self):
        relationship = _relationship_or_404(self.request, self.kwargs["relationship_id"])
        return selectors.access_assignment_list(relationship=relationship)

    @extend_schema(
        request=AccessAssignmentCreateSerializer, responses={201: AccessAssignmentSerializer}
    )
    def post(self, request: Request, relationship_id: uuid.UUID) -> Response:
        relationship = _relationship_or_404(request, relationship_id)
        body = AccessAssignmentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_refusals():
            assignment = services.access_assignment_create(
                relationship=relationship,
                security_group_id=body.validated_data["accessContainer"]["accessContainerId"],
                role_ids=role_ids(body.validated_data["accessDetails"]),
            )
        return Response(
            AccessAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED
        )
