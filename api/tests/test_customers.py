"""Customer management (AOBO) and the subscriptions of transact-and-manage, for each kind of
caller, and the subscription changes a partner may make."""

from __future__ import annotations

import pytest

from api.tests.conftest import ADATUM, CONTOSO, FABRIKAM, TAILSPIN_RESELLER, WOODGROVE_DAP
from api.tests.helpers import (
    APP_ONLY,
    UNKNOWN,
    WITHOUT_MFA,
    assert_mfa_required,
    assert_refused,
    seed,
)
from customers.models import LicenseAssignment, Subscription
from customers.services import customer_user_create


@pytest.fixture(autouse=True)
def contoso(db) -> None:
    seed()


def _subscription(sku: str = "SPE_E3", customer: str = ADATUM) -> Subscription:
    return Subscription.objects.get(
        customer__partner_tenant_id=CONTOSO, customer__customer_tenant_id=customer, sku=sku
    )


def _subscription_path(subscription: Subscription) -> str:
    return (
        f"/v1/customers/{subscription.customer.customer_tenant_id}/subscriptions/"
        f"{subscription.subscription_id}"
    )


def test_the_partners_customers_with_their_delegated_admin(call, api_token):
    body = call("GET", "/v1/customers", token=api_token()).json()
    assert body["totalCount"] == 5
    rights = {item["companyProfile"]["companyName"]: item["delegatedAdmin"]
              for item in body["items"]}
    assert rights == {
        "Adatum": "GDAP", "Northwind Traders": "GDAP", "Relecloud": "GDAP",
        "Woodgrove Bank": "DAP", "Tailspin Toys": "none",
    }
    one = call("GET", f"/v1/customers/{ADATUM}", token=api_token()).json()
    assert one["companyProfile"] == {
        "tenantId": ADATUM, "domain": "adatum.com", "companyName": "Adatum",
    }


def test_collections_are_paged(call, api_token):
    page = call("GET", "/v1/customers?size=2&offset=2", token=api_token()).json()
    assert page["totalCount"] == 5
    assert len(page["items"]) == 2
    assert set(page["links"]) == {"next", "previous"}


@pytest.mark.parametrize(
    "path",
    [
        "/v1/customers", f"/v1/customers/{ADATUM}", f"/v1/customers/{ADATUM}/subscriptions",
    ],
)
def test_partner_side_reads_serve_app_only_and_refuse_app_user_without_mfa(call, api_token,
                                                                           path):
    assert call("GET", path, token=api_token(**APP_ONLY)).status_code == 200
    assert_mfa_required(call("GET", path, token=api_token(**WITHOUT_MFA)))


def test_subscribed_skus_are_read_in_the_customers_tenant(call, api_token):
    user = customer_user_create(
        customer=_subscription().customer, user_principal_name="megan@adatum.com",
        first_name="Megan", last_name="Bowen", display_name="Megan Bowen",
        usage_location="US", created_by="test",
    )
    LicenseAssignment.objects.create(user=user, sku="SPE_E3")
    path = f"/v1/customers/{ADATUM}/subscribedskus"
    skus = {item["skuId"]: item for item in call("GET", path, token=api_token()).json()["items"]}
    assert (skus["SPE_E3"]["totalUnits"], skus["SPE_E3"]["assignedUnits"],
            skus["SPE_E3"]["availableUnits"]) == (250, 1, 249)
    # Needs a delegated role in the customer's tenant: refused to app-only callers...
    assert_refused(call("GET", path, token=api_token(**APP_ONLY)), 403, "app_only_not_supported")
    assert_mfa_required(call("GET", path, token=api_token(**WITHOUT_MFA)))
    # ...and where the partner holds none (reseller only), whoever asks.
    assert_refused(
        call("GET", f"/v1/customers/{TAILSPIN_RESELLER}/subscribedskus", token=api_token()),
        403, "customer_role_missing",
    )
    # DAP: the admin agent is a Global Administrator there; a sales agent holds nothing.
    dap = f"/v1/customers/{WOODGROVE_DAP}/subscribedskus"
    assert call("GET", dap, token=api_token()).status_code == 200
    assert_refused(call("GET", dap, token=api_token(roles=("SalesAgent",))), 403,
                   "customer_role_missing")


def test_an_expired_gdap_relationship_grants_nothing(call, api_token):
    from customers.models import AdminRelationship

    AdminRelationship.objects.filter(customer__customer_tenant_id=ADATUM).update(
        ends_at="2020-01-01T00:00:00Z"
    )
    assert_refused(
        call("GET", f"/v1/customers/{ADATUM}/subscribedskus", token=api_token()),
        403, "customer_role_missing",
    )


@pytest.mark.parametrize("kind", [{}, APP_ONLY])
def test_a_subscription_is_changed(call, api_token, kind):
    subscription = _subscription()
    response = call("PATCH", _subscription_path(subscription), token=api_token(**kind),
                    json={"quantity": 260, "autoRenewEnabled": False, "status": "suspended"})
    assert response.status_code == 200, response.content
    assert (response.json()["quantity"], response.json()["status"]) == (260, "suspended")
    subscription.refresh_from_db()
    assert (subscription.quantity, subscription.auto_renew, subscription.status) == (
        260, False, "suspended"
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"quantity": "260"}, "invalid_body"), ({"quantity": 0}, "invalid_body"),
        ({"quantity": 1.5}, "invalid_body"), ({"quantity": True}, "invalid_body"),
        ({"autoRenewEnabled": "no"}, "invalid_body"), ({"status": "expired"}, "invalid_body"),
        ({"status": "cancelled"}, "invalid_body"), ([1, 2], "invalid_body"),
        ("quantity=5", "malformed_json"),
    ],
)
def test_a_bad_subscription_change_writes_nothing(call, api_token, body, code):
    subscription = _subscription()
    before = (subscription.quantity, subscription.auto_renew, subscription.status)
    response = call("PATCH", _subscription_path(subscription), token=api_token(), json=body)
    assert_refused(response, 400, code)
    subscription.refresh_from_db()
    assert (subscription.quantity, subscription.auto_renew, subscription.status) == before


def test_an_expired_subscription_cannot_be_changed(call, api_token):
    expired = Subscription.objects.filter(
        customer__partner_tenant_id=CONTOSO, status=Subscription.Status.EXPIRED
    ).first()
    response = call("PATCH", _subscription_path(expired), token=api_token(),
                    json={"quantity": 20})
    assert_refused(response, 400, "invalid_body")
    expired.refresh_from_db()
    assert expired.quantity == 15


def test_a_subscription_change_without_mfa_is_the_401_and_writes_nothing(call, api_token):
    subscription = _subscription()
    response = call("PATCH", _subscription_path(subscription), token=api_token(**WITHOUT_MFA),
                    json={"quantity": 1})
    assert_mfa_required(response)
    subscription.refresh_from_db()
    assert subscription.quantity == 250


@pytest.mark.parametrize("roles", [("HelpdeskAgent",), ("BillingAdmin",), ()])
def test_only_admin_and_sales_agents_change_subscriptions(call, api_token, roles):
    response = call("PATCH", _subscription_path(_subscription()), token=api_token(roles=roles),
                    json={"quantity": 1})
    assert_refused(response, 403, "role_not_allowed")


def test_another_partners_customer_is_not_found(call, api_token):
    fabrikam = api_token(tenant_id=FABRIKAM, upn="admin@fabrikam.com")
    # Fabrikam has its own Adatum record: Contoso's subscription ids are not in it.
    assert_refused(call("GET", _subscription_path(_subscription()), token=fabrikam),
                   404, "not_found")
    assert_refused(call("GET", f"/v1/customers/{UNKNOWN}", token=api_token()), 404,
                   "customer_not_found")
    assert_refused(call("GET", "/v1/customers/not-a-guid", token=api_token()), 404, "not_found")
