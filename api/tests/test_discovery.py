"""Discovery (prices, catalog, promotions): open to App+User callers with MFA and to app-only
callers (no role in a customer's tenant is involved), priced per country."""

from __future__ import annotations

import pytest

from api.tests.helpers import (
    APP_ONLY,
    WITH_MFA,
    WITHOUT_MFA,
    assert_mfa_required,
    assert_refused,
)

E3 = "CFQ7TTC0LFLZ"
PATHS = {
    "products.list": "/v1/products",
    "products.get": f"/v1/products/{E3}",
    "skus.list": f"/v1/products/{E3}/skus",
    "promotions.list": "/v1/productPromotions",
}


@pytest.mark.parametrize("caller", [WITH_MFA, APP_ONLY], ids=["app+user-mfa", "app-only"])
@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS)
def test_app_user_with_mfa_and_app_only_callers_read_the_catalog(call, api_token, caller, path):
    response = call("GET", f"{path}?country=US", token=api_token(**caller))

    assert response.status_code == 200, response.content
    body = response.json()
    if "items" in body:
        assert body["totalCount"] == len(body["items"]) > 0
        assert body["attributes"] == {"objectType": "Collection"}
    else:
        assert body["id"] == E3


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS)
def test_app_user_without_mfa_gets_the_exact_401_even_without_a_country(call, api_token, path):
    # MFA comes first: the missing country is not what this caller hears.
    assert_mfa_required(call("GET", path, token=api_token(**WITHOUT_MFA)))
    assert_mfa_required(call("GET", f"{path}?country=US", token=api_token(**WITHOUT_MFA)))


def test_products_lists_the_six_products_of_the_demo_subscriptions(call, api_token):
    body = call("GET", "/v1/products?country=GB", token=api_token()).json()

    assert body["totalCount"] == 6
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[E3]["title"] == "Microsoft 365 E3"
    assert by_id["DZH318Z0BPS6"]["productType"]["id"] == "Azure"
    assert by_id[E3]["links"]["skus"] == {
        "uri": f"/v1/products/{E3}/skus?country=GB", "method": "GET",
    }
    assert by_id[E3]["attributes"] == {"objectType": "Product"}


@pytest.mark.parametrize(
    ("country", "currency", "monthly", "annual"),
    [
        ("US", "USD", 43.2, 432.0),
        ("GB", "GBP", 39.6, 396.0),
        ("DE", "EUR", 40.44, 404.4),
        ("KR", "KRW", 56760, 567600),
        ("kr", "KRW", 56760, 567600),
    ],
)
def test_skus_carry_the_price_and_currency_of_the_country(
    call, api_token, country, currency, monthly, annual
):
    body = call("GET", f"/v1/products/{E3}/skus?country={country}", token=api_token()).json()

    (sku,) = body["items"]
    assert sku["id"] == "SPE_E3"
    assert sku["productId"] == E3
    assert sku["currencyCode"] == currency
    assert sku["country"] == country.upper()
    assert sku["prices"] == [
        {"billingCycle": "monthly", "unitPrice": monthly},
        {"billingCycle": "annual", "unitPrice": annual},
    ]


def test_a_product_may_have_several_skus_and_azure_is_sold_monthly_only(call, api_token):
    exchange = call("GET", "/v1/products/CFQ7TTC0LH16/skus?country=US", token=api_token())
    azure = call("GET", "/v1/products/DZH318Z0BPS6/skus?country=US", token=api_token())

    assert [sku["id"] for sku in exchange.json()["items"]] == [
        "EXCHANGESTANDARD", "EXCHANGEENTERPRISE",
    ]
    (plan,) = azure.json()["items"]
    assert plan["supportedBillingCycles"] == ["monthly"]
    assert plan["prices"] == [{"billingCycle": "monthly", "unitPrice": 0}]


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", {"39NFJQT1Q5KL:0001", "39NFJQT1Q5KL:0002"}),
        ("GB", {"39NFJQT1Q5KL:0001", "39NFJQT1Q5KL:0002"}),
        ("DE", {"39NFJQT1Q5KL:0001"}),
        ("KR", {"39NFJQT1Q5KL:0001", "39NFJQT1Q5KL:0003"}),
    ],
)
def test_promotions_are_those_running_in_the_country(call, api_token, country, expected):
    body = call("GET", f"/v1/productPromotions?country={country}", token=api_token()).json()

    assert {item["id"] for item in body["items"]} == expected
    e3 = next(item for item in body["items"] if item["id"] == "39NFJQT1Q5KL:0001")
    assert e3["market"] == country
    assert e3["pricingPolicies"] == [{"policyType": "discount", "percentDiscount": 15}]
    assert e3["requiredProducts"] == [{"productId": E3, "skuId": "SPE_E3"}]
    assert e3["requirements"]["term"] == {"duration": "P1Y", "billingCycle": "annual"}
    assert e3["startDate"] < e3["endDate"]


@pytest.mark.parametrize("query", ["", "?country=", "?country=FR", "?country=USA"])
@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS)
def test_a_missing_or_unknown_country_is_a_400(call, api_token, path, query):
    body = assert_refused(call("GET", path + query, token=api_token()), 400, "invalid_country")
    assert "US, GB, DE, KR" in body["description"]


@pytest.mark.parametrize("path", ["/v1/products/NOPE", "/v1/products/NOPE/skus"])
def test_an_unknown_product_is_a_json_404(call, api_token, path):
    assert_refused(call("GET", f"{path}?country=US", token=api_token()), 404, "not_found")


@pytest.mark.parametrize(("roles", "status"), [
    (("SalesAgent",), 200),
    (("BillingAdmin",), 403),
    (("HelpdeskAgent",), 403),
])
def test_discovery_is_for_admin_and_sales_agents(call, api_token, roles, status):
    response = call("GET", "/v1/products?country=US", token=api_token(roles=roles))

    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "role_not_allowed"
