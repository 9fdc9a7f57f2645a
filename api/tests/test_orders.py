"""Transact and manage: orders. Placing one starts a subscription per line item, all or
nothing; app-only callers may (no role in the customer's tenant is needed)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import DatabaseError
from django.utils import timezone

from api.tests.conftest import ADATUM, AUTOMATION_APP, FABRIKAM, TAILSPIN_RESELLER, WOODGROVE_DAP
from api.tests.helpers import (
    APP_ONLY,
    UNKNOWN,
    WITHOUT_MFA,
    assert_mfa_required,
    assert_refused,
    counts,
    seed,
)
from customers.models import Order, OrderLineItem, Subscription

ORDERS = f"/v1/customers/{ADATUM}/orders"
ORDER = {
    "billingCycle": "annual",
    "lineItems": [{"offerId": "SPE_E3", "quantity": 10}, {"offerId": "MDB", "quantity": 3}],
}
WRITTEN = (Order, OrderLineItem, Subscription)


@pytest.fixture(autouse=True)
def contoso(db) -> None:
    seed()


def _place(call, token: str, customer: str = ADATUM, body: dict | None = None):
    return call("POST", f"/v1/customers/{customer}/orders", token=token, json=body or ORDER)


def test_an_order_starts_a_subscription_per_line_item(call, api_token):
    before = Subscription.objects.count()

    response = _place(call, api_token())

    assert response.status_code == 201, response.content
    order = response.json()
    assert order["referenceCustomerId"] == ADATUM
    assert order["billingCycle"] == "annual"
    assert order["status"] == "completed"
    assert order["creationDate"]
    assert [(line["lineItemNumber"], line["offerId"], line["quantity"])
            for line in order["lineItems"]] == [(0, "SPE_E3", 10), (1, "MDB", 3)]
    assert Subscription.objects.count() == before + 2
    e3 = Subscription.objects.get(subscription_id=order["lineItems"][0]["subscriptionId"])
    assert (e3.customer.customer_tenant_id, e3.sku, e3.offer_name, e3.quantity) == (
        uuid.UUID(ADATUM), "SPE_E3", "Microsoft 365 E3", 10,
    )
    assert e3.billing_frequency == "annual"
    # An annual term: the same day next year (29 February ends on the 28th).
    today = timezone.localdate()
    leap_day = (today.month, today.day) == (2, 29)
    assert e3.term_end == date(today.year + 1, today.month, 28 if leap_day else today.day)
    assert Order.objects.get(order_id=order["id"]).created_by == "admin.agent@contoso.com"


def test_the_new_subscriptions_are_the_customers_subscriptions(call, api_token):
    order = _place(call, api_token()).json()

    listed = call("GET", f"/v1/customers/{ADATUM}/subscriptions", token=api_token()).json()
    ids = {item["id"] for item in listed["items"]}
    assert {line["subscriptionId"] for line in order["lineItems"]} <= ids


def test_the_new_subscriptions_show_on_the_portals_customer_page(call, api_token, client,
                                                               sign_in):
    order = {"billingCycle": "monthly", "lineItems": [{"offerId": "EXCHANGEENTERPRISE",
                                                       "quantity": 7}]}
    _place(call, api_token(), body=order)
    sign_in()

    page = client.get(f"/commerce/customers/{ADATUM}/subscriptions")

    assert page.status_code == 200
    assert "Exchange Online (Plan 2)" in page.content.decode()


def test_a_failure_midway_leaves_no_subscription_behind(call, api_token, monkeypatch):
    create = OrderLineItem.objects.create

    def fail_on_the_second_line(**fields):
        if fields["line_item_number"] == 1:
            raise DatabaseError("disk full")
        return create(**fields)

    monkeypatch.setattr(OrderLineItem.objects, "create", fail_on_the_second_line)
    before = counts(*WRITTEN)

    with pytest.raises(DatabaseError):
        _place(call, api_token())

    assert counts(*WRITTEN) == before


def test_orders_are_listed_newest_first_and_read_by_id(call, api_token):
    first = _place(call, api_token()).json()
    monthly = {"billingCycle": "monthly", "lineItems": [{"offerId": "DZH318Z0BPS6",
                                                         "quantity": 1}]}
    second = _place(call, api_token(), body=monthly).json()

    listed = call("GET", ORDERS, token=api_token()).json()
    read = call("GET", f"{ORDERS}/{first['id']}", token=api_token())

    assert [item["id"] for item in listed["items"]] == [second["id"], first["id"]]
    assert listed["totalCount"] == 2
    assert read.status_code == 200
    assert read.json() == first


def test_app_only_callers_place_and_read_orders(call, api_token):
    token = api_token(**APP_ONLY)

    placed = _place(call, token, customer=TAILSPIN_RESELLER)
    listed = call("GET", f"/v1/customers/{TAILSPIN_RESELLER}/orders", token=token)

    assert placed.status_code == 201, placed.content
    assert Order.objects.get(order_id=placed.json()["id"]).created_by == AUTOMATION_APP
    assert [item["id"] for item in listed.json()["items"]] == [placed.json()["id"]]


def test_app_user_without_mfa_gets_the_exact_401_and_nothing_is_written(call, api_token):
    existing = _place(call, api_token()).json()["id"]
    before = counts(*WRITTEN)
    token = api_token(**WITHOUT_MFA)

    assert_mfa_required(_place(call, token))
    assert_mfa_required(call("GET", ORDERS, token=token))
    assert_mfa_required(call("GET", f"{ORDERS}/{existing}", token=token))
    assert counts(*WRITTEN) == before


@pytest.mark.parametrize(("roles", "method", "status"), [
    (("BillingAdmin",), "GET", 403),
    (("BillingAdmin",), "POST", 403),
    (("SecurityAdmin",), "POST", 403),
    (("HelpdeskAgent",), "POST", 403),
    (("HelpdeskAgent",), "GET", 200),
    (("SalesAgent",), "POST", 201),
])
def test_orders_follow_the_role_matrix(call, api_token, roles, method, status):
    before = counts(*WRITTEN)
    token = api_token(roles=roles)

    response = _place(call, token) if method == "POST" else call("GET", ORDERS, token=token)

    assert response.status_code == status, response.content
    if status == 403:
        assert response.json()["code"] == "role_not_allowed"
        assert counts(*WRITTEN) == before


def _line(offer_id: object = "SPE_E3", quantity: object = 1) -> dict:
    return {"offerId": offer_id, "quantity": quantity}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"billingCycle": "annual", "lineItems": [_line("NOPE")]}, id="unknown-offer"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(), _line("NOPE")]},
                     id="second-line-unknown"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line("DZH318Z0BPS6")]},
                     id="azure-is-monthly-only"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(quantity=0)]}, id="qty-0"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(quantity=10_001)]},
                     id="qty-10001"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(quantity="5")]},
                     id="qty-string"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(quantity=1.5)]},
                     id="qty-float"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(quantity=True)]},
                     id="qty-bool"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(quantity=None)]},
                     id="qty-null"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line(offer_id=42)]},
                     id="offer-number"),
        pytest.param({"billingCycle": "annual", "lineItems": [{"quantity": 1}]},
                     id="offer-missing"),
        pytest.param({"billingCycle": "annual", "lineItems": []}, id="no-line-items"),
        pytest.param({"billingCycle": "annual", "lineItems": [_line()] * 51}, id="51-line-items"),
        pytest.param({"billingCycle": "annual", "lineItems": _line()}, id="line-items-object"),
        pytest.param({"billingCycle": "annual"}, id="line-items-missing"),
        pytest.param({"billingCycle": "weekly", "lineItems": [_line()]}, id="cycle-unknown"),
        pytest.param({"billingCycle": 12, "lineItems": [_line()]}, id="cycle-number"),
        pytest.param({"lineItems": [_line()]}, id="cycle-missing"),
        pytest.param([ORDER], id="body-list"),
        # The test client sends a str body as it is: these are JSON's string, null and number.
        pytest.param('"order"', id="body-string"),
        pytest.param("null", id="body-null"),
        pytest.param("42", id="body-number"),
    ],
)
def test_a_bad_order_is_a_400_and_writes_nothing(call, api_token, body):
    before = counts(*WRITTEN)

    response = call("POST", ORDERS, token=api_token(), json=body)

    assert assert_refused(response, 400, "invalid_body")["errors"]
    assert counts(*WRITTEN) == before


def test_fifty_line_items_of_the_maximum_quantity_are_accepted(call, api_token):
    body = {"billingCycle": "monthly", "lineItems": [_line("TEAMS_ESSENTIALS", 10_000)] * 50}

    response = call("POST", ORDERS, token=api_token(), json=body)

    assert response.status_code == 201, response.content
    assert len(response.json()["lineItems"]) == 50


def test_orders_of_an_unknown_customer_or_of_another_customer_are_404(call, api_token):
    order = _place(call, api_token()).json()["id"]
    before = counts(*WRITTEN)

    assert_refused(_place(call, api_token(), customer=UNKNOWN), 404, "customer_not_found")
    assert_refused(call("GET", f"/v1/customers/{UNKNOWN}/orders", token=api_token()),
                   404, "customer_not_found")
    assert_refused(call("GET", f"/v1/customers/{WOODGROVE_DAP}/orders/{order}",
                        token=api_token()), 404, "not_found")
    assert counts(*WRITTEN) == before


def test_another_partner_does_not_see_the_order(call, api_token):
    order = _place(call, api_token()).json()["id"]
    fabrikam = api_token(tenant_id=FABRIKAM, upn="admin.agent@fabrikam.com")

    # Fabrikam has an Adatum of its own (the same customer tenant), not Contoso's orders.
    assert call("GET", ORDERS, token=fabrikam).json()["totalCount"] == 0
    assert_refused(call("GET", f"{ORDERS}/{order}", token=fabrikam), 404, "not_found")
