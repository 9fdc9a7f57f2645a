"""Transact and manage: a customer's orders; placing one starts its subscriptions."""

from __future__ import annotations

import uuid

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers.orders import OrderCreateSerializer, OrderSerializer
from api.views.base import OperationView
from api.views.customers import customer_or_404
from api.views.refusals import service_refusals
from customers import selectors, services
from customers.models import Order


class OrderList(OperationView, generics.ListAPIView):
    """The customer's orders, newest first; POST places one (each line item a subscription)."""

    operations = {"GET": "orders.list", "POST": "orders.create"}
    serializer_class = OrderSerializer

    def get_queryset(self):
        customer = customer_or_404(self.request, self.kwargs["customer_id"])
        return selectors.order_list(customer=customer)

    @extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer})
    def post(self, request: Request, customer_id: uuid.UUID) -> Response:
        customer = customer_or_404(request, customer_id)
        body = OrderCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_refusals():
            order = services.order_create(
                customer=customer,
                billing_cycle=body.validated_data["billingCycle"],
                line_items=[
                    services.OrderLine(offer_id=line["offerId"], quantity=line["quantity"])
                    for line in body.validated_data["lineItems"]
                ],
                created_by=request.user.name,
            )
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


class OrderDetail(OperationView, generics.RetrieveAPIView):
    """One of the customer's orders, by its id."""

    operations = {"GET": "orders.get"}
    serializer_class = OrderSerializer

    def get_object(self) -> Order:
        customer = customer_or_404(self.request, self.kwargs["customer_id"])
        order = selectors.order_get(customer=customer, order_id=self.kwargs["order_id"])
        if order is None:
            raise Http404("No order with this id for this customer.")
        return order
