"""Orders (transact and manage), in Partner Center's shapes."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import StrictCharField, StrictIntegerField
from customers import catalog
from customers.models import Order, OrderLineItem

MAX_LINE_ITEMS = 50


class OrderLineItemSerializer(serializers.ModelSerializer):
    lineItemNumber = serializers.IntegerField(source="line_item_number")
    offerId = serializers.CharField(source="offer_id")
    quantity = serializers.IntegerField()
    subscriptionId = serializers.UUIDField(source="subscription.subscription_id")

    class Meta:
        model = OrderLineItem
        fields = ("lineItemNumber", "offerId", "quantity", "subscriptionId")


class OrderSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="order_id")
    referenceCustomerId = serializers.UUIDField(source="customer.customer_tenant_id")
    billingCycle = serializers.CharField(source="billing_cycle")
    status = serializers.CharField()
    creationDate = serializers.DateTimeField(source="created_at")
    lineItems = OrderLineItemSerializer(source="line_items", many=True)
    attributes = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = (
            "id", "referenceCustomerId", "billingCycle", "status", "creationDate", "lineItems",
            "attributes",
        )

    def get_attributes(self, order: Order) -> dict[str, str]:
        return {"objectType": "Order"}


class OrderLineItemInputSerializer(serializers.Serializer):
    offerId = StrictCharField(max_length=100, help_text="The id of a catalog SKU.")
    quantity = StrictIntegerField(min_value=catalog.MIN_QUANTITY, max_value=catalog.MAX_QUANTITY)


class OrderCreateSerializer(serializers.Serializer):
    """The body of orders.create; which offers exist is the service's to say."""

    billingCycle = serializers.ChoiceField(choices=catalog.BILLING_CYCLES)
    lineItems = OrderLineItemInputSerializer(
        many=True, allow_empty=False, min_length=1, max_length=MAX_LINE_ITEMS
    )
