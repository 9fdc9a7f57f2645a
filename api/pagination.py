"""Collections in Partner Center's envelope: ``totalCount``, ``items``, ``links``."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response


class CollectionPagination(LimitOffsetPagination):
    limit_query_param = "size"
    offset_query_param = "offset"
    default_limit = 100
    max_limit = 500

    def get_paginated_response(self, data: list[Any]) -> Response:
        links = {}
        if (next_link := self.get_next_link()) is not None:
            links["next"] = {"uri": next_link, "method": "GET"}
        if (previous_link := self.get_previous_link()) is not None:
            links["previous"] = {"uri": previous_link, "method": "GET"}
        return Response({
            "totalCount": self.count,
            "items": data,
            "links": links,
            "attributes": {"objectType": "Collection"},
        })

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {
            "type": "object",
            "properties": {"uri": {"type": "string"}, "method": {"type": "string"}},
        }
        return {
            "type": "object",
            "required": ["totalCount", "items", "links", "attributes"],
            "properties": {
                "totalCount": {"type": "integer"},
                "items": schema,
                "links": {"type": "object", "properties": {"next": link, "previous": link}},
                "attributes": {
                    "type": "object", "properties": {"objectType": {"type": "string"}},
                },
            },
        }
