"""Assertions and set-up the category tests (test_discovery, test_orders, test_users,
test_relationships) share."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from api.tests.conftest import CONTOSO
from portal.workspace import workspace_ensure

# The three kinds of caller the source distinguishes.
WITH_MFA: dict[str, Any] = {}
WITHOUT_MFA: dict[str, Any] = {"amr": ["pwd"]}
APP_ONLY: dict[str, Any] = {"kind": "app-only"}

NORTHWIND = "1f4e2a9c-7b3d-4c18-a5e6-0d9b8c7a6f11"
RELECLOUD = "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def seed(partner_tenant_id: str = CONTOSO) -> None:
    """The partner's demo records, before the test counts rows (the first API call would
    otherwise create them and make every count move)."""
    workspace_ensure(partner_tenant_id=partner_tenant_id)


def counts(*models: type[Model]) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def assert_refused(response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code, body
    return body


def assert_mfa_required(response) -> None:
    """Partner Center's exact answer to an App+User token without MFA."""
    assert response.status_code == 401, response.content
    assert response.reason_phrase == "Unauthorized - MFA required"
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["code"] == "mfa_required"
