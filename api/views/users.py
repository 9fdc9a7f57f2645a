"""User and license assignment: work in the customer's tenant, so every operation here needs a
delegated role there (DAP, or an active GDAP relationship), and app-only callers are refused
(``api.policy``'s ``customer_roles``)."""

from __future__ import annotations

import uuid

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.users import (
    CustomerUserCreateSerializer,
    CustomerUserSerializer,
    LicenseSerializer,
    LicenseUpdateSerializer,
)
from api.views.base import OperationView
from api.views.customers import customer_or_404
from api.views.refusals import service_refusals
from customers import selectors, services
from customers.models import CustomerUser


def _user_or_404(request: Request, customer_id: uuid.UUID, user_id: uuid.UUID) -> CustomerUser:
    customer = customer_or_404(request, customer_id)
    user = selectors.customer_user_get(customer=customer, user_id=user_id)
    if user is None:
        raise Http404("No user with this id in this customer's tenant.")
    return user


class CustomerUserList(OperationView, generics.ListAPIView):
    """The users the partner created in the customer's tenant; POST creates one."""

    operations = {"GET": "users.list", "POST": "users.create"}
    serializer_class = CustomerUserSerializer

    def get_queryset(self):
        customer = customer_or_404(self.request, self.kwargs["customer_id"])
        return selectors.customer_user_list(customer=customer)

    @extend_schema(request=CustomerUserCreateSerializer, responses={201: CustomerUserSerializer})
    def post(self, request: Request, customer_id: uuid.UUID) -> Response:
        customer = customer_or_404(request, customer_id)
        body = CustomerUserCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with service_refusals():
            user = services.customer_user_create(
                customer=customer,
                user_principal_name=data["userPrincipalName"],
                first_name=data["firstName"],
                last_name=data["lastName"],
                display_name=data["displayName"],
                usage_location=data["usageLocation"],
                created_by=request.user.name,
            )
        return Response(CustomerUserSerializer(user).data, status=status.HTTP_201_CREATED)


class LicenseList(OperationView, generics.ListAPIView):
    """The licenses assigned to one of the customer's users."""

    operations = {"GET": "licenses.list"}
    serializer_class = LicenseSerializer

    def get_queryset(self):
        user = _user_or_404(self.request, self.kwargs["customer_id"], self.kwargs["user_id"])
        return selectors.customer_user_license_list(user=user)


class LicenseUpdate(OperationView, APIView):
    """Assign licenses to a user and remove others, all or nothing."""

    operations = {"POST": "licenses.update"}

    @extend_schema(request=LicenseUpdateSerializer, responses={201: LicenseUpdateSerializer})
    def post(self, request: Request, customer_id: uuid.UUID, user_id: uuid.UUID) -> Response:
        user = _user_or_404(request, customer_id, user_id)
        body = LicenseUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_refusals():
            assigned, removed = services.customer_user_licenses_update(
                user=user,
                assign=[entry["skuId"] for entry in body.validated_data["licensesToAssign"]],
                remove=body.validated_data["licensesToRemove"],
            )
        answer = {
            "licensesToAssign": [{"skuId": sku_id} for sku_id in assigned],
            "licensesToRemove": removed,
        }
        return Response(LicenseUpdateSerializer(answer).data, status=status.HTTP_201_CREATED)
