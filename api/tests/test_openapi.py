"""The OpenAPI document at /v1/openapi.json stays true to the code: valid OpenAPI 3, exactly the
routes the API serves, and the answers the API really gives match the documented schemas."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.validation import validate_schema

from api import policy
from api.tests.conftest import ADATUM
from api.views.base import OperationView


@pytest.fixture
def document(client, db) -> dict[str, Any]:
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _served_operations() -> set[tuple[str, str]]:
    """(path, method) of every operation view under /v1/, in OpenAPI's path syntax."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                view_class = getattr(entry.callback, "view_class", None)
                if view_class and issubclass(view_class, OperationView):
                    yield route, view_class

    served = set()
    for route, view_class in walk(get_resolver().url_patterns):
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for method in view_class.operations:
            served.add((path, method.lower()))
    return served


def _documented_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "patch", "put", "delete")
    }


def test_the_document_is_valid_openapi(document):
    validate_schema(document)


def test_the_document_lists_exactly_the_served_operations(document):
    assert _documented_operations(document) == _served_operations()


def test_every_policy_row_is_served_and_documented(document):
    ids = {
        operation["operationId"]
        for item in document["paths"].values() for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert ids == set(policy.BY_NAME)


def test_operations_needing_a_customer_role_say_app_only_is_refused(document):
    for item in document["paths"].values():
        for operation in item.values():
            row = policy.BY_NAME[operation["operationId"]]
            assert operation["x-app-only"] is (not row.needs_customer_role)
            assert "app_only_not_supported" in operation["responses"]["403"]["description"] or (
                not row.needs_customer_role
            )


def _json_schema(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.0 schema as JSON Schema: ``nullable`` becomes a null type; refs resolve
    against the document's components."""

    def convert(node: Any) -> Any:
        if isinstance(node, dict):
            node = {key: convert(value) for key, value in node.items()}
            if node.pop("nullable", False):
                node = {"anyOf": [node, {"type": "null"}]}
            return node
        if isinstance(node, list):
            return [convert(item) for item in node]
        return node

    return {**convert(schema), "components": convert(document["components"])}


def _check(document: dict[str, Any], path: str, method: str, response) -> None:
    documented = document["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, (path, method, response.status_code)
    schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    # OpenAPI 3.0's schema dialect is JSON Schema draft 4's (boolean exclusiveMaximum).
    jsonschema.Draft4Validator(_json_schema(document, schema)).validate(response.json())


def _sample_paths(call, token: str) -> dict[str, str]:
    """Concrete URLs for each documented path template, from the seeded demo data."""
    subscription = call("GET", f"/v1/customers/{ADATUM}/subscriptions",
                        token=token).json()["items"][0]["id"]
    invoice = call("GET", "/v1/invoices", token=token).json()["items"][0]["id"]
    return {
        "customer_id": ADATUM, "subscription_id": subscription, "invoice_id": invoice,
    }


def test_answers_match_the_documented_schemas(call, api_token, document):
    token = api_token()
    values = _sample_paths(call, token)
    checked = 0
    for path, item in document["paths"].items():
        if "get" not in item:
            continue
        try:
            url = path.format(**values)
        except KeyError:
            continue  # a template this test has no sample for (checked by the category tests)
        _check(document, path, "get", call("GET", url, token=token))
        _check(document, path, "get", call("GET", url, token=api_token(amr=["pwd"])))
        app_only = call("GET", url, token=api_token(kind="app-only"))
        _check(document, path, "get", app_only)
        checked += 1
    assert checked >= 8


def test_the_browsable_page_needs_nothing_from_the_internet(client, db):
    page = client.get("/v1/docs/")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert sources
    assert all(source.startswith("/") for source in sources), sources
    # Inline styles only: the page's script is a file of its own.
    policy = page["Content-Security-Policy"]
    assert "script-src" not in policy
    assert "default-src 'self'" in policy
    script = client.get("/v1/docs/?script=")
    assert script.status_code == 200
    assert "/v1/openapi.json" in script.content.decode()
