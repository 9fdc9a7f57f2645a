"""Granular admin relationship requests and access assignment: the partner's own records, so
app-only callers may (no role in a customer's tenant is needed), admin agents only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.conftest import (
    ADATUM,
    AUTOMATION_APP,
    CONTOSO,
    FABRIKAM,
    TAILSPIN_RESELLER,
)
from api.tests.helpers import (
    APP_ONLY,
    UNKNOWN,
    WITHOUT_MFA,
    assert_mfa_required,
    assert_refused,
    counts,
    seed,
)
from customers import roles as cr
from customers.models import AccessAssignment, AdminRelationship, Customer

RELATIONSHIPS = "/v1/delegatedAdminRelationships"
DEMO_ROLES = [{"roleDefinitionId": role_id} for role_id in cr.DEMO_GDAP_ROLES]
WRITTEN = (AdminRelationship, AccessAssignment)


def _relationship_body(**changes: object) -> dict:
    return {
        "displayName": "Contoso helpdesk",
        "customer": {"tenantId": TAILSPIN_RESELLER},
        "duration": "P730D",
        "accessDetails": {"unifiedRoles": [
            {"roleDefinitionId": cr.USER_ADMINISTRATOR.id},
            {"roleDefinitionId": cr.HELPDESK_ADMINISTRATOR.id},
        ]},
        **changes,
    }


def _assignment_body(group: str | None = None, *role_ids: str) -> dict:
    return {
        "accessContainer": {
            "accessContainerId": group or str(uuid.uuid4()), "accessContainerType": "securityGroup",
        },
        "accessDetails": {"unifiedRoles": [
            {"roleDefinitionId": role_id} for role_id in role_ids or (cr.GLOBAL_READER.id,)
        ]},
    }


@pytest.fixture(autouse=True)
def contoso(db) -> None:
    seed()


@pytest.fixture
def adatum_relationship() -> AdminRelationship:
    """The seeded, active GDAP relationship with Adatum."""
    return AdminRelationship.objects.get(
        customer__partner_tenant_id=CONTOSO, customer__customer_tenant_id=ADATUM
    )


def _assignments(relationship: AdminRelationship) -> str:
    return f"{RELATIONSHIPS}/{relationship.relationship_id}/accessAssignments"


def test_the_seeded_relationships_are_listed_and_read(call, api_token, adatum_relationship):
    listed = call("GET", RELATIONSHIPS, token=api_token()).json()
    read = call("GET", f"{RELATIONSHIPS}/{adatum_relationship.relationship_id}",
                token=api_token())

    assert {item["customer"]["displayName"] for item in listed["items"]} == {
        "Adatum", "Northwind Traders", "Relecloud",
    }
    assert read.status_code == 200
    relationship = read.json()
    assert relationship["id"] == str(adatum_relationship.relationship_id)
    assert relationship["status"] == "active"
    assert relationship["duration"] == "P730D"
    assert relationship["customer"] == {"tenantId": ADATUM, "displayName": "Adatum"}
    assert relationship["accessDetails"] == {"unifiedRoles": DEMO_ROLES}
    assert relationship["activatedDateTime"]
    assert relationship["endDateTime"]
    assert relationship in listed["items"]


def test_a_new_relationship_waits_for_the_customers_approval(call, api_token):
    response = call("POST", RELATIONSHIPS, token=api_token(), json=_relationship_body())

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["displayName"] == "Contoso helpdesk"
    assert created["status"] == "approvalPending"
    assert created["duration"] == "P730D"
    assert created["customer"] == {"tenantId": TAILSPIN_RESELLER, "displayName": "Tailspin Toys"}
    assert created["accessDetails"]["unifiedRoles"] == _relationship_body()["accessDetails"][
        "unifiedRoles"
    ]
    assert created["activatedDateTime"] is None
    assert created["endDateTime"] is None
    stored = AdminRelationship.objects.get(relationship_id=created["id"])
    assert (stored.duration_days, stored.created_by) == (730, "admin.agent@contoso.com")
    read = call("GET", f"{RELATIONSHIPS}/{created['id']}", token=api_token())
    assert read.json() == created


def test_app_only_callers_request_and_read_relationships(call, api_token, adatum_relationship):
    token = api_token(**APP_ONLY)

    created = call("POST", RELATIONSHIPS, token=token, json=_relationship_body())
    listed = call("GET", RELATIONSHIPS, token=token)
    assigned = call("POST", _assignments(adatum_relationship), token=token,
                    json=_assignment_body())
    assignments = call("GET", _assignments(adatum_relationship), token=token)

    assert created.status_code == 201, created.content
    assert AdminRelationship.objects.get(relationship_id=created.json()["id"]).created_by == (
        AUTOMATION_APP
    )
    assert listed.json()["totalCount"] == 4
    assert assigned.status_code == 201, assigned.content
    assert assignments.json()["totalCount"] == 2


def test_app_user_without_mfa_gets_the_exact_401_and_nothing_is_written(
    call, api_token, adatum_relationship
):
    before = counts(*WRITTEN)
    token = api_token(**WITHOUT_MFA)

    for method, path, body in [
        ("GET", RELATIONSHIPS, None),
        ("POST", RELATIONSHIPS, _relationship_body()),
        ("GET", f"{RELATIONSHIPS}/{adatum_relationship.relationship_id}", None),
        ("GET", _assignments(adatum_relationship), None),
        ("POST", _assignments(adatum_relationship), _assignment_body()),
    ]:
        assert_mfa_required(call(method, path, token=token, json=body))
    assert counts(*WRITTEN) == before


@pytest.mark.parametrize("role", ["SalesAgent", "HelpdeskAgent", "SecurityAdmin", "BillingAdmin"])
def test_only_admin_agents_manage_relationships(call, api_token, role, adatum_relationship):
    before = counts(*WRITTEN)
    token = api_token(roles=(role,))

    for method, path, body in [
        ("GET", RELATIONSHIPS, None),
        ("POST", RELATIONSHIPS, _relationship_body()),
        ("POST", _assignments(adatum_relationship), _assignment_body()),
    ]:
        assert_refused(call(method, path, token=token, json=body), 403, "role_not_allowed")
    assert counts(*WRITTEN) == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param(_relationship_body(accessDetails={"unifiedRoles": [
            {"roleDefinitionId": str(uuid.uuid4())}]}), 400, "invalid_body", id="unknown-role"),
        pytest.param(_relationship_body(accessDetails={"unifiedRoles": []}), 400,
                     "invalid_body", id="no-roles"),
        pytest.param(_relationship_body(accessDetails={}), 400, "invalid_body",
                     id="access-details-empty"),
        pytest.param(_relationship_body(customer={"tenantId": UNKNOWN}), 404,
                     "customer_not_found", id="unknown-customer"),
        pytest.param(_relationship_body(customer={"tenantId": "adatum"}), 400, "invalid_body",
                     id="tenant-not-a-uuid"),
        pytest.param(_relationship_body(customer=None), 400, "invalid_body", id="no-customer"),
        pytest.param(_relationship_body(duration="P0D"), 400, "invalid_body", id="P0D"),
        pytest.param(_relationship_body(duration="P731D"), 400, "invalid_body", id="P731D"),
        pytest.param(_relationship_body(duration="P2Y"), 400, "invalid_body", id="years"),
        pytest.param(_relationship_body(duration="730"), 400, "invalid_body", id="no-P"),
        pytest.param(_relationship_body(duration=730), 400, "invalid_body", id="number"),
        pytest.param(_relationship_body(duration="P-1D"), 400, "invalid_body", id="negative"),
        pytest.param(_relationship_body(displayName=""), 400, "invalid_body", id="name-empty"),
        pytest.param(_relationship_body(displayName="x" * 51), 400, "invalid_body",
                     id="name-too-long"),
        pytest.param(_relationship_body(displayName=5), 400, "invalid_body", id="name-number"),
        pytest.param([_relationship_body()], 400, "invalid_body", id="body-list"),
    ],
)
def test_a_bad_relationship_request_is_refused_and_writes_nothing(
    call, api_token, body, status, code
):
    before = counts(*WRITTEN)

    response = call("POST", RELATIONSHIPS, token=api_token(), json=body)

    assert_refused(response, status, code)
    assert counts(*WRITTEN) == before


def test_another_partners_customer_is_not_a_customer(call, api_token):
    Customer.objects.create(
        partner_tenant_id=FABRIKAM, customer_tenant_id="5d0a8b4e-1c7f-4b5c-a9d6-4b3f2a1e0d55",
        company_name="Litware", domain="litware.com", country="FR",
        relationship=Customer.Relationship.RESELLER,
    )
    body = _relationship_body(customer={"tenantId": "5d0a8b4e-1c7f-4b5c-a9d6-4b3f2a1e0d55"})

    response = call("POST", RELATIONSHIPS, token=api_token(), json=body)

    assert_refused(response, 404, "customer_not_found")
    assert not AdminRelationship.objects.filter(customer__company_name="Litware").exists()


def test_a_display_name_is_unique_per_customer(call, api_token):
    # The seeded relationship with Adatum is named "GDAP Adatum".
    taken = _relationship_body(displayName="GDAP Adatum", customer={"tenantId": ADATUM})
    before = counts(*WRITTEN)

    duplicate = call("POST", RELATIONSHIPS, token=api_token(), json=taken)

    assert_refused(duplicate, 409, "relationship_exists")
    assert counts(*WRITTEN) == before
    elsewhere = call("POST", RELATIONSHIPS, token=api_token(),
                     json=_relationship_body(displayName="GDAP Adatum"))
    assert elsewhere.status_code == 201, elsewhere.content


def test_the_seeded_access_assignment_is_listed(call, api_token, adatum_relationship):
    seeded = adatum_relationship.access_assignments.get()

    body = call("GET", _assignments(adatum_relationship), token=api_token()).json()

    (assignment,) = body["items"]
    assert assignment["id"] == str(seeded.assignment_id)
    assert assignment["status"] == "active"
    assert assignment["accessContainer"] == {
        "accessContainerId": str(seeded.security_group_id), "accessContainerType": "securityGroup",
    }
    assert assignment["accessDetails"] == {"unifiedRoles": DEMO_ROLES}


def test_assigning_roles_of_an_active_relationship_grants_them(
    call, api_token, adatum_relationship
):
    # Without any assignment the partner holds no role in Adatum's tenant...
    adatum_relationship.access_assignments.all().delete()
    users = f"/v1/customers/{ADATUM}/users"
    assert_refused(call("GET", users, token=api_token()), 403, "customer_role_missing")
    group = str(uuid.uuid4())

    response = call("POST", _assignments(adatum_relationship), token=api_token(),
                    json=_assignment_body(group, cr.USER_ADMINISTRATOR.id))

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["accessContainer"]["accessContainerId"] == group
    assert created["accessDetails"] == {
        "unifiedRoles": [{"roleDefinitionId": cr.USER_ADMINISTRATOR.id}],
    }
    # ... and the assignment is what lets it read the customer's users.
    assert call("GET", users, token=api_token()).status_code == 200


def test_roles_cannot_be_assigned_before_the_customer_approves(call, api_token):
    pending = call("POST", RELATIONSHIPS, token=api_token(), json=_relationship_body()).json()
    relationship = AdminRelationship.objects.get(relationship_id=pending["id"])

    response = call("POST", _assignments(relationship), token=api_token(),
                    json=_assignment_body(None, cr.USER_ADMINISTRATOR.id))

    assert_refused(response, 409, "relationship_not_active")
    assert not relationship.access_assignments.exists()


@pytest.mark.parametrize("change", [
    pytest.param({"status": AdminRelationship.Status.TERMINATED}, id="terminated"),
    pytest.param({"ends_at": timezone.now() - timedelta(days=1)}, id="past-its-end"),
])
def test_roles_cannot_be_assigned_once_the_relationship_ended(
    call, api_token, adatum_relationship, change
):
    AdminRelationship.objects.filter(pk=adatum_relationship.pk).update(**change)
    before = counts(*WRITTEN)

    response = call("POST", _assignments(adatum_relationship), token=api_token(),
                    json=_assignment_body())

    assert_refused(response, 409, "relationship_not_active")
    assert counts(*WRITTEN) == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param(_assignment_body(None, cr.GLOBAL_ADMINISTRATOR.id), 400, "invalid_body",
                     id="role-not-granted"),
        pytest.param(_assignment_body(None, cr.GLOBAL_READER.id, str(uuid.uuid4())), 400,
                     "invalid_body", id="unknown-role"),
        pytest.param({**_assignment_body(), "accessDetails": {"unifiedRoles": []}}, 400,
                     "invalid_body", id="no-roles"),
        pytest.param({**_assignment_body(), "accessContainer": {
            "accessContainerId": str(uuid.uuid4()), "accessContainerType": "user"}}, 400,
            "invalid_body", id="not-a-security-group"),
        pytest.param({**_assignment_body(), "accessContainer": {
            "accessContainerId": "agents", "accessContainerType": "securityGroup"}}, 400,
            "invalid_body", id="group-not-a-uuid"),
        pytest.param({"accessDetails": {"unifiedRoles": DEMO_ROLES}}, 400, "invalid_body",
                     id="no-container"),
        pytest.param("assign", 400, "malformed_json", id="not-json"),
    ],
)
def test_a_bad_access_assignment_is_refused_and_writes_nothing(
    call, api_token, adatum_relationship, body, status, code
):
    before = counts(*WRITTEN)

    response = call("POST", _assignments(adatum_relationship), token=api_token(), json=body)

    assert_refused(response, status, code)
    assert counts(*WRITTEN) == before


def test_a_group_already_assigned_is_a_409(call, api_token, adatum_relationship):
    seeded_group = str(adatum_relationship.access_assignments.get().security_group_id)
    before = counts(*WRITTEN)

    response = call("POST", _assignments(adatum_relationship), token=api_token(),
                    json=_assignment_body(seeded_group))

    assert_refused(response, 409, "assignment_exists")
    assert counts(*WRITTEN) == before


def test_another_partners_or_an_unknown_relationship_is_a_404(
    call, api_token, adatum_relationship
):
    seed(FABRIKAM)
    fabrikam = api_token(tenant_id=FABRIKAM, upn="admin.agent@fabrikam.com")
    before = counts(*WRITTEN)

    for token, relationship_id in [
        (fabrikam, adatum_relationship.relationship_id), (api_token(), UNKNOWN),
    ]:
        path = f"{RELATIONSHIPS}/{relationship_id}"
        assert_refused(call("GET", path, token=token), 404, "not_found")
        assert_refused(call("GET", f"{path}/accessAssignments", token=token), 404, "not_found")
        assert_refused(call("POST", f"{path}/accessAssignments", token=token,
                            json=_assignment_body()), 404, "not_found")
    assert counts(*WRITTEN) == before
