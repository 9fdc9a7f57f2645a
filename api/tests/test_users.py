"""User and license assignment (DAP or GDAP): work in the customer's tenant, so the partner
needs a delegated role there, and app-only callers are refused whatever they ask."""

from __future__ import annotations

import pytest

from api.tests.conftest import (
    ADATUM,
    CONTOSO,
    TAILSPIN_RESELLER,
    WOODGROVE_DAP,
)
from api.tests.helpers import (
    APP_ONLY,
    NORTHWIND,
    RELECLOUD,
    WITHOUT_MFA,
    assert_mfa_required,
    assert_refused,
    counts,
    seed,
)
from customers import selectors, services
from customers.models import (
    AccessAssignment,
    AdminRelationship,
    Customer,
    CustomerUser,
    LicenseAssignment,
    Subscription,
)

DOMAINS = {
    ADATUM: "adatum.com", WOODGROVE_DAP: "woodgrovebank.com", NORTHWIND: "northwindtraders.com",
    RELECLOUD: "relecloud.com", TAILSPIN_RESELLER: "tailspintoys.com",
}
WRITTEN = (CustomerUser, LicenseAssignment)


@pytest.fixture(autouse=True)
def contoso(db) -> None:
    seed()


def _customer(tenant_id: str) -> Customer:
    return Customer.objects.get(partner_tenant_id=CONTOSO, customer_tenant_id=tenant_id)


def _new_user(customer_id: str = ADATUM, name: str = "megan") -> CustomerUser:
    return services.customer_user_create(
        customer=_customer(customer_id), user_principal_name=f"{name}@{DOMAINS[customer_id]}",
        first_name=name.title(), last_name="Bowen", display_name=f"{name.title()} Bowen",
        usage_location="US", created_by="test",
    )


def _user_body(customer_id: str = ADATUM, **changes: object) -> dict:
    return {
        "userPrincipalName": f"alex@{DOMAINS[customer_id]}", "firstName": "Alex",
        "lastName": "Wilber", "displayName": "Alex Wilber", "usageLocation": "us", **changes,
    }


def _licenses(customer_id: str, user: CustomerUser) -> str:
    return f"/v1/customers/{customer_id}/users/{user.user_id}/licenses"


def _updates(customer_id: str, user: CustomerUser) -> str:
    return f"/v1/customers/{customer_id}/users/{user.user_id}/licenseupdates"


def _assign(*sku_ids: str) -> dict:
    return {"licensesToAssign": [{"skuId": sku_id} for sku_id in sku_ids]}


def _requests(customer_id: str, user: CustomerUser) -> list[tuple[str, str, dict | None]]:
    """One request per operation of the category."""
    return [
        ("GET", f"/v1/customers/{customer_id}/users", None),
        ("POST", f"/v1/customers/{customer_id}/users", _user_body(customer_id)),
        ("GET", _licenses(customer_id, user), None),
        ("POST", _updates(customer_id, user), _assign("SPE_E3")),
    ]


# DAP (Woodgrove: Admin agent = Global Administrator) and GDAP (the seeded relationships' User,
# License and Helpdesk Administrator and Global Reader).
@pytest.mark.parametrize("customer_id", [WOODGROVE_DAP, ADATUM, NORTHWIND, RELECLOUD])
def test_app_user_with_mfa_creates_and_lists_users(call, api_token, customer_id):
    created = call("POST", f"/v1/customers/{customer_id}/users", token=api_token(),
                   json=_user_body(customer_id))
    listed = call("GET", f"/v1/customers/{customer_id}/users", token=api_token())

    assert created.status_code == 201, created.content
    user = created.json()
    assert user["userPrincipalName"] == f"alex@{DOMAINS[customer_id]}"
    assert (user["displayName"], user["usageLocation"]) == ("Alex Wilber", "US")
    assert user["attributes"] == {"objectType": "CustomerUser"}
    assert [item["id"] for item in listed.json()["items"]] == [user["id"]]
    stored = CustomerUser.objects.get(user_id=user["id"])
    assert stored.customer == _customer(customer_id)
    assert stored.created_by == "admin.agent@contoso.com"


def test_licenses_are_assigned_listed_and_removed(call, api_token):
    user = _new_user()

    assigned = call("POST", _updates(ADATUM, user), token=api_token(),
                    json={"licensesToAssign": [{"skuId": "SPE_E3"}, {"skuId": "MDB"}],
                          "licensesToRemove": None})
    listed = call("GET", _licenses(ADATUM, user), token=api_token()).json()

    assert assigned.status_code == 201, assigned.content
    assert assigned.json()["licensesToAssign"] == [{"skuId": "SPE_E3"}, {"skuId": "MDB"}]
    assert [item["productSku"] for item in listed["items"]] == [
        {"id": "MDB", "name": "Microsoft Defender for Business", "skuPartNumber": "MDB",
         "targetType": "User"},
        {"id": "SPE_E3", "name": "Microsoft 365 E3", "skuPartNumber": "SPE_E3",
         "targetType": "User"},
    ]

    removed = call("POST", _updates(ADATUM, user), token=api_token(),
                   json={"licensesToRemove": ["MDB"]})

    assert removed.status_code == 201, removed.content
    assert set(user.licenses.values_list("sku", flat=True)) == {"SPE_E3"}


def test_an_assigned_license_takes_a_seat(call, api_token):
    user = _new_user()
    seats = selectors.sku_seats_available(customer=_customer(ADATUM), sku="SPE_E3")

    call("POST", _updates(ADATUM, user), token=api_token(), json=_assign("SPE_E3"))

    assert selectors.sku_seats_available(customer=_customer(ADATUM), sku="SPE_E3") == seats - 1


@pytest.mark.parametrize("customer_id", [ADATUM, WOODGROVE_DAP])
def test_app_user_without_mfa_gets_the_exact_401_and_nothing_is_written(
    call, api_token, customer_id
):
    user = _new_user(customer_id)
    before = counts(*WRITTEN)

    for method, path, body in _requests(customer_id, user):
        assert_mfa_required(call(method, path, token=api_token(**WITHOUT_MFA), json=body))
    assert counts(*WRITTEN) == before


@pytest.mark.parametrize("customer_id", [ADATUM, WOODGROVE_DAP, TAILSPIN_RESELLER])
def test_app_only_callers_are_refused_every_operation(call, api_token, customer_id):
    user = _new_user(customer_id)
    before = counts(*WRITTEN)

    for method, path, body in _requests(customer_id, user):
        response = call(method, path, token=api_token(**APP_ONLY), json=body)
        assert_refused(response, 403, "app_only_not_supported")
    assert counts(*WRITTEN) == before


def test_a_reseller_only_customer_grants_no_role(call, api_token):
    user = _new_user(TAILSPIN_RESELLER)
    before = counts(*WRITTEN)

    for method, path, body in _requests(TAILSPIN_RESELLER, user):
        response = call(method, path, token=api_token(), json=body)
        assert_refused(response, 403, "customer_role_missing")
    assert counts(*WRITTEN) == before


def test_dap_gives_a_helpdesk_agent_reading_but_not_creating_users(call, api_token):
    token = api_token(upn="helpdesk.agent@contoso.com", roles=("HelpdeskAgent",))
    path = f"/v1/customers/{WOODGROVE_DAP}/users"

    assert call("GET", path, token=token).status_code == 200
    assert_refused(call("POST", path, token=token, json=_user_body(WOODGROVE_DAP)),
                   403, "customer_role_missing")
    assert not CustomerUser.objects.exists()


def test_gdap_roles_count_only_while_the_relationship_is_active(call, api_token):
    AdminRelationship.objects.filter(customer=_customer(ADATUM)).update(
        status=AdminRelationship.Status.TERMINATED
    )

    response = call("GET", f"/v1/customers/{ADATUM}/users", token=api_token())

    assert_refused(response, 403, "customer_role_missing")


def test_gdap_roles_come_from_the_access_assignments(call, api_token):
    AccessAssignment.objects.filter(relationship__customer=_customer(ADATUM)).delete()

    response = call("GET", f"/v1/customers/{ADATUM}/users", token=api_token())

    assert_refused(response, 403, "customer_role_missing")


def test_a_billing_admin_is_refused_the_users_of_a_customer(call, api_token):
    token = api_token(upn="billing.admin@contoso.com", roles=("BillingAdmin",))

    response = call("GET", f"/v1/customers/{ADATUM}/users", token=token)

    assert_refused(response, 403, "role_not_allowed")


@pytest.mark.parametrize("upn", ["Megan@Adatum.com", "megan@ADATUM.COM"])
def test_a_user_name_already_in_the_tenant_is_a_409_whatever_its_case(call, api_token, upn):
    _new_user()
    before = counts(*WRITTEN)

    response = call("POST", f"/v1/customers/{ADATUM}/users", token=api_token(),
                    json=_user_body(userPrincipalName=upn))

    assert_refused(response, 409, "user_exists")
    assert counts(*WRITTEN) == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_user_body(userPrincipalName="alex@contoso.com"), id="other-domain"),
        pytest.param(_user_body(userPrincipalName="alex@sub.adatum.com"), id="subdomain"),
        pytest.param(_user_body(userPrincipalName="alex"), id="no-domain"),
        pytest.param(_user_body(userPrincipalName="a b@adatum.com"), id="space"),
        pytest.param(_user_body(userPrincipalName="a@b@adatum.com"), id="two-ats"),
        pytest.param(_user_body(userPrincipalName=42), id="upn-number"),
        pytest.param(_user_body(firstName=None), id="first-name-null"),
        pytest.param(_user_body(displayName=""), id="display-name-empty"),
        pytest.param(_user_body(lastName="x" * 65), id="last-name-too-long"),
        pytest.param(_user_body(usageLocation="USA"), id="location-3-letters"),
        pytest.param(_user_body(usageLocation="1A"), id="location-digit"),
        pytest.param({"userPrincipalName": "alex@adatum.com"}, id="fields-missing"),
        pytest.param([_user_body()], id="body-list"),
    ],
)
def test_a_bad_user_is_a_400_and_writes_nothing(call, api_token, body):
    response = call("POST", f"/v1/customers/{ADATUM}/users", token=api_token(), json=body)

    assert assert_refused(response, 400, "invalid_body")["errors"]
    assert not CustomerUser.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_assign("SPB"), id="no-subscription"),
        pytest.param(_assign("NOPE"), id="unknown-sku"),
        pytest.param(_assign("DZH318Z0BPS6"), id="azure-is-not-a-user-license"),
        pytest.param(_assign("SPE_E3", "SPB"), id="one-good-one-bad"),
        pytest.param({**_assign("SPE_E3"), "licensesToRemove": ["MDB"]}, id="remove-unheld"),
        pytest.param({**_assign("SPE_E3"), "licensesToRemove": ["SPE_E3"]}, id="both"),
        pytest.param({}, id="nothing"),
        pytest.param({"licensesToAssign": None, "licensesToRemove": []}, id="nothing-null"),
        pytest.param({"licensesToAssign": [{"skuId": 7}]}, id="sku-number"),
        pytest.param({"licensesToAssign": ["SPE_E3"]}, id="sku-not-an-object"),
        pytest.param({"licensesToRemove": "SPE_E3"}, id="remove-not-a-list"),
        pytest.param(["SPE_E3"], id="body-list"),
    ],
)
def test_a_bad_license_update_is_a_400_and_writes_nothing(call, api_token, body):
    user = _new_user()

    response = call("POST", _updates(ADATUM, user), token=api_token(), json=body)

    assert assert_refused(response, 400, "invalid_body")["errors"]
    assert not LicenseAssignment.objects.exists()


def test_a_license_with_no_seat_left_is_a_400_and_writes_nothing(call, api_token):
    Subscription.objects.filter(customer=_customer(ADATUM), sku="MDB").update(quantity=1)
    first, second = _new_user(name="megan"), _new_user(name="lynne")
    assert call("POST", _updates(ADATUM, first), token=api_token(),
                json=_assign("MDB")).status_code == 201

    response = call("POST", _updates(ADATUM, second), token=api_token(),
                    json=_assign("SPE_E3", "MDB"))

    body = assert_refused(response, 400, "invalid_body")
    assert "already assigned" in str(body["errors"]["licensesToAssign"])
    assert not second.licenses.exists()


def test_a_suspended_subscription_has_no_seats_to_assign(call, api_token):
    Subscription.objects.filter(customer=_customer(ADATUM), sku="MDB").update(
        status=Subscription.Status.SUSPENDED
    )
    user = _new_user()

    response = call("POST", _updates(ADATUM, user), token=api_token(), json=_assign("MDB"))

    assert_refused(response, 400, "invalid_body")
    assert not user.licenses.exists()


def test_a_user_of_another_customer_is_a_404(call, api_token):
    user = _new_user(NORTHWIND)

    assert_refused(call("GET", _licenses(ADATUM, user), token=api_token()), 404, "not_found")
    assert_refused(call("POST", _updates(ADATUM, user), token=api_token(),
                        json=_assign("SPE_E3")), 404, "not_found")
    assert not LicenseAssignment.objects.exists()
