"""Discovery: the catalog's products, SKUs with their prices, and promotions, per country."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.request import Request

from api.errors import ApiError
from api.serializers.catalog import ProductSerializer, PromotionSerializer, SkuSerializer
from api.views.base import OperationView
from customers import catalog

COUNTRY = OpenApiParameter(
    "country", str, OpenApiParameter.QUERY, required=True, enum=list(catalog.CURRENCIES),
    description="The country to price in (ISO 3166-1 alpha-2).",
)
INVALID_COUNTRY = OpenApiResponse(
    response={"$ref": "#/components/schemas/Error"},
    description="No country, or one the catalog has no prices for (invalid_country).",
)


def _schema(serializer: type) -> dict:
    # The category tag comes from api.policy (api.schema); this adds the country's 400.
    return {"parameters": [COUNTRY], "responses": {200: serializer, 400: INVALID_COUNTRY}}


class _CatalogView(OperationView, generics.GenericAPIView):
    """Reads the required ``country`` once the caller is allowed, so that a caller without MFA
    or the role hears that first."""

    country: str

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        country = request.query_params.get("country", "").upper()
        if catalog.country_currency(country=country) is None:
            raise ApiError(
                "invalid_country",
                "Name the country to price in: ?country= one of "
                f"{', '.join(catalog.CURRENCIES)}.",
            )
        self.country = country

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "country": self.country,
            "today": timezone.localdate(),
        }

    def product_or_404(self) -> catalog.Product:
        product = catalog.product_get(product_id=self.kwargs["product_id"])
        if product is None:
            raise Http404("No product with this id.")
        return product


@extend_schema(**_schema(ProductSerializer))
class ProductList(_CatalogView, generics.ListAPIView):
    """The products the partner can sell."""

    operations = {"GET": "products.list"}
    serializer_class = ProductSerializer

    def get_queryset(self) -> list[catalog.Product]:
        return list(catalog.product_list())


@extend_schema(**_schema(ProductSerializer))
class ProductDetail(_CatalogView, generics.RetrieveAPIView):
    """One product, by its id."""

    operations = {"GET": "products.get"}
    serializer_class = ProductSerializer

    def get_object(self) -> catalog.Product:
        return self.product_or_404()


@extend_schema(**_schema(SkuSerializer))
class SkuList(_CatalogView, generics.ListAPIView):
    """A product's SKUs, each with its unit price per billing cycle in the country's currency;
    a SKU's id is what an order line item's ``offerId`` names."""

    operations = {"GET": "skus.list"}
    serializer_class = SkuSerializer

    def get_queryset(self) -> list[catalog.Sku]:
        return list(self.product_or_404().skus)


@extend_schema(**_schema(PromotionSerializer))
class PromotionList(_CatalogView, generics.ListAPIView):
    """The promotions running in the country."""

    operations = {"GET": "promotions.list"}
    serializer_class = PromotionSerializer

    def get_queryset(self) -> list[catalog.Promotion]:
        return catalog.promotion_list(country=self.country)
