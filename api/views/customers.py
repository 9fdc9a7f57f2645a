"""Customer management (AOBO) and the subscriptions of transact-and-manage."""

from __future__ import annotations

import uuid
from http import HTTPStatus

from django.http import Http404
from rest_framework import generics
from rest_framework.request import Request

from api.errors import ApiError
from api.serializers.customers import (
    CustomerSerializer,
    SubscribedSkuSerializer,
    SubscriptionSerializer,
)
from api.views.base import OperationView
from customers import selectors, services
from customers.models import Customer, Subscription


def customer_or_404(request: Request, customer_id: uuid.UUID) -> Customer:
    customer = selectors.customer_get(
        partner_tenant_id=request.user.tenant_id, customer_tenant_id=customer_id
    )
    if customer is None:
        # The same answer as the policy's for operations in the customer's tenant.
        raise ApiError("customer_not_found", "No customer with this id.",
                       status_code=HTTPStatus.NOT_FOUND)
    return customer


class CustomerList(OperationView, generics.ListAPIView):
    """The partner's customers."""

    operations = {"GET": "customers.list"}
    serializer_class = CustomerSerializer

    def get_queryset(self):
        return selectors.customer_list(partner_tenant_id=self.request.user.tenant_id)


class CustomerDetail(OperationView, generics.RetrieveAPIView):
    """One customer, by its tenant id."""

    operations = {"GET": "customers.get"}
    serializer_class = CustomerSerializer

    def get_object(self) -> Customer:
        return customer_or_404(self.request, self.kwargs["customer_id"])


class SubscribedSkuList(OperationView, generics.ListAPIView):
    """The licenses the customer's tenant holds, read in the customer's tenant: needs a
    delegated role there (so app-only callers are refused)."""

    operations = {"GET": "customers.subscribedskus"}
    serializer_class = SubscribedSkuSerializer

    def get_queryset(self) -> list[dict[str, object]]:
        customer = customer_or_404(self.request, self.kwargs["customer_id"])
        return selectors.customer_subscribed_skus(customer=customer)


class SubscriptionList(OperationView, generics.ListAPIView):
    """The customer's subscriptions."""

    operations = {"GET": "subscriptions.list"}
    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        customer = customer_or_404(self.request, self.kwargs["customer_id"])
        return selectors.subscription_list(customer=customer)


class SubscriptionDetail(OperationView, generics.RetrieveUpdateAPIView):
    """One subscription; PATCH changes its quantity, status (active/suspended) or auto-renew."""

    operations = {"GET": "subscriptions.get", "PATCH": "subscriptions.update"}
    serializer_class = SubscriptionSerializer
    http_method_names = ["get", "patch", "head"]

    def get_object(self) -> Subscription:
        customer = customer_or_404(self.request, self.kwargs["customer_id"])
        subscription = customer.subscriptions.filter(
            subscription_id=self.kwargs["subscription_id"]
        ).first()
        if subscription is None:
            raise Http404("No subscription with this id for this customer.")
        return subscription

    def perform_update(self, serializer: SubscriptionSerializer) -> None:
        services.subscription_update(subscription=serializer.instance, **serializer.validated_data)
