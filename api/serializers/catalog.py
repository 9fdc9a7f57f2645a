"""Discovery: products, their SKUs with prices, and promotions, in Partner Center's shapes.

The catalog is static (``customers.catalog``); the country to price in comes in the
serializer context as ``country``, the day promotions are read on as ``today``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers import catalog


class _TypeSerializer(serializers.Serializer):
    id = serializers.CharField()
    displayName = serializers.CharField()


class _LinkSerializer(serializers.Serializer):
    uri = serializers.CharField()
    method = serializers.CharField()


class _ProductLinksSerializer(serializers.Serializer):
    skus = _LinkSerializer()


class ProductSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    productType = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    @extend_schema_field(_TypeSerializer)
    def get_productType(self, product: catalog.Product) -> dict[str, str]:
        return {"id": product.product_type, "displayName": product.product_type}

    @extend_schema_field(_ProductLinksSerializer)
    def get_links(self, product: catalog.Product) -> dict[str, dict[str, str]]:
        uri = f"/v1/products/{product.id}/skus?country={self.context['country']}"
        return {"skus": {"uri": uri, "method": "GET"}}

    def get_attributes(self, product: catalog.Product) -> dict[str, str]:
        return {"objectType": "Product"}


class _PriceSerializer(serializers.Serializer):
    billingCycle = serializers.CharField()
    unitPrice = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)


class SkuSerializer(serializers.Serializer):
    """A SKU and its price in the requested country; its ``id`` is the ``offerId`` of an order
    line item and the ``skuId`` of a license."""

    id = serializers.CharField()
    productId = serializers.CharField(source="product_id")
    title = serializers.CharField()
    description = serializers.CharField()
    minimumQuantity = serializers.SerializerMethodField()
    maximumQuantity = serializers.SerializerMethodField()
    isTrial = serializers.SerializerMethodField()
    supportedBillingCycles = serializers.ListField(
        source="billing_cycles", child=serializers.CharField()
    )
    country = serializers.SerializerMethodField()
    currencyCode = serializers.SerializerMethodField()
    prices = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def get_minimumQuantity(self, sku: catalog.Sku) -> int:
        return catalog.MIN_QUANTITY

    def get_maximumQuantity(self, sku: catalog.Sku) -> int:
        return catalog.MAX_QUANTITY

    def get_isTrial(self, sku: catalog.Sku) -> bool:
        return False

    def get_country(self, sku: catalog.Sku) -> str:
        return self.context["country"]

    def get_currencyCode(self, sku: catalog.Sku) -> str:
        return catalog.country_currency(country=self.context["country"]) or ""

    @extend_schema_field(_PriceSerializer(many=True))
    def get_prices(self, sku: catalog.Sku) -> list[dict[str, Any]]:
        prices = [
            {"billingCycle": cycle,
             "unitPrice": sku.unit_price(country=self.context["country"], billing_cycle=cycle)}
            for cycle in sku.billing_cycles
        ]
        return _PriceSerializer(prices, many=True).data

    def get_attributes(self, sku: catalog.Sku) -> dict[str, str]:
        return {"objectType": "Sku"}


class _TermSerializer(serializers.Serializer):
    duration = serializers.CharField()
    billingCycle = serializers.CharField()


class _RequirementsSerializer(serializers.Serializer):
    seatMin = serializers.IntegerField()
    seatMax = serializers.IntegerField()
    term = _TermSerializer()


class _PricingPolicySerializer(serializers.Serializer):
    policyType = serializers.CharField()
    percentDiscount = serializers.IntegerField()


class _RequiredProductSerializer(serializers.Serializer):
    productId = serializers.CharField()
    skuId = serializers.CharField()


class PromotionSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    startDate = serializers.SerializerMethodField()
    endDate = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    market = serializers.SerializerMethodField()
    promotionType = serializers.SerializerMethodField()
    requirements = serializers.SerializerMethodField()
    pricingPolicies = serializers.SerializerMethodField()
    requiredProducts = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def get_startDate(self, promotion: catalog.Promotion) -> str:
        return promotion.active_period(today=self.context["today"])[0].isoformat()

    def get_endDate(self, promotion: catalog.Promotion) -> str:
        return promotion.active_period(today=self.context["today"])[1].isoformat()

    def get_status(self, promotion: catalog.Promotion) -> str:
        return "active"

    def get_market(self, promotion: catalog.Promotion) -> str:
        return self.context["country"]

    def get_promotionType(self, promotion: catalog.Promotion) -> str:
        return "percentDiscount"

    @extend_schema_field(_RequirementsSerializer)
    def get_requirements(self, promotion: catalog.Promotion) -> dict[str, Any]:
        return {
            "seatMin": promotion.seat_min,
            "seatMax": promotion.seat_max,
            "term": {
                "duration": "P1Y" if promotion.billing_cycle == catalog.ANNUAL else "P1M",
                "billingCycle": promotion.billing_cycle,
            },
        }

    @extend_schema_field(_PricingPolicySerializer(many=True))
    def get_pricingPolicies(self, promotion: catalog.Promotion) -> list[dict[str, Any]]:
        return [{"policyType": "discount", "percentDiscount": promotion.percent_discount}]

    @extend_schema_field(_RequiredProductSerializer(many=True))
    def get_requiredProducts(self, promotion: catalog.Promotion) -> list[dict[str, str]]:
        return [{"productId": promotion.product_id, "skuId": promotion.sku_id}]

    def get_attributes(self, promotion: catalog.Promotion) -> dict[str, str]:
        return {"objectType": "ProductPromotion"}
