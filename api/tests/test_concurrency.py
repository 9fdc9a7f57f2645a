"""The API under concurrent requests, through the live server's threads (real races on the
suite's database: a SQLite file, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from api.tests.conftest import ADATUM
from compliance.models import AccessDecision
from customers.models import CustomerUser, LicenseAssignment, Subscription

pytestmark = [pytest.mark.security, pytest.mark.django_db(transaction=True)]
PARALLEL = 10


def all_at_once(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    barrier = threading.Barrier(len(calls))

    def one(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def _outcomes(responses: list[requests.Response]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in responses:
        key = str(r.status_code) if r.status_code < 300 else f"{r.status_code} {r.json()['code']}"
        counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.fixture
def api(live_server, api_token):
    token = api_token()

    def request(method: str, path: str, json=None, bearer: str | None = None):
        return requests.request(
            method, f"{live_server.url}{path}", json=json, timeout=60,
            headers={"Authorization": f"Bearer {bearer or token}"},
        )

    return request


def _create_user(api, name: str) -> str:
    response = api("POST", f"/v1/customers/{ADATUM}/users", json={
        "userPrincipalName": f"{name}@adatum.com", "firstName": name, "lastName": "Test",
        "displayName": name, "usageLocation": "US",
    })
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_the_last_seat_goes_to_exactly_one_of_ten_assignments(api):
    users = [_create_user(api, f"user{i}") for i in range(PARALLEL)]
    # Defender for Business: 250 seats at Adatum; leave one.
    Subscription.objects.filter(customer__customer_tenant_id=ADATUM, sku="MDB").update(quantity=1)
    responses = all_at_once([
        lambda user=user: api(
            "POST", f"/v1/customers/{ADATUM}/users/{user}/licenseupdates",
            json={"licensesToAssign": [{"skuId": "MDB"}]},
        )
        for user in users
    ])
    assert _outcomes(responses) == {"201": 1, "400 invalid_body": PARALLEL - 1}
    assert LicenseAssignment.objects.filter(sku="MDB").count() == 1


def test_one_user_principal_name_created_ten_times_at_once_exists_once(api):
    body = {
        "userPrincipalName": "twin@adatum.com", "firstName": "Twin", "lastName": "Test",
        "displayName": "Twin", "usageLocation": "US",
    }
    responses = all_at_once([
        lambda: api("POST", f"/v1/customers/{ADATUM}/users", json=body)
    ] * PARALLEL)
    assert _outcomes(responses) == {"201": 1, "409 user_exists": PARALLEL - 1}
    assert CustomerUser.objects.filter(user_principal_name="twin@adatum.com").count() == 1


def test_fifty_callers_at_once_are_all_served_and_recorded(api, api_token):
    tokens = [api_token(upn=f"agent{i}@contoso.com") for i in range(50)]
    responses = all_at_once([
        lambda token=token: api("GET", "/v1/customers", bearer=token) for token in tokens
    ])
    assert _outcomes(responses) == {"200": 50}
    assert AccessDecision.objects.filter(operation="customers.list").count() == 50
