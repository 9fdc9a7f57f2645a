"""The customer's admin center (entra.views.admin_center): who may act in a customer tenant,
the customer's MFA policy at its door, adding a user, approving relationships, refusals."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from entra import demo_data, services
from entra.models import DirectoryAudit, GdapRelationship, Tenant, User

PASSWORD = "Passw0rd!Demo"
ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
RELECLOUD = "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33"
CONTOSO = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
FABRIKAM = "9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03"
PENDING = "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e04"
CONTOSO_RELECLOUD = "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e05"


def _code(upn: str) -> str:
    return pyotp.TOTP(services.demo_totp_secret(upn)).now()


def sign_in(client: Client, upn: str) -> None:
    """The password, then the code when the user's own tenant asks for it at sign-in."""
    response = client.post("/accounts/login/", {"login": upn, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if response["Location"].startswith("/accounts/2fa/authenticate/"):
        response = client.post("/accounts/2fa/authenticate/", {"code": _code(upn)})
        assert response.status_code == 302


def _written() -> tuple[int, int, list[str]]:
    return (
        User.objects.count(),
        DirectoryAudit.objects.count(),
        list(GdapRelationship.objects.order_by("pk").values_list("status", flat=True)),
    )


@pytest.fixture
def admin_agent(client, directory) -> Client:
    sign_in(client, "admin.agent@contoso.com")  # Contoso: MFA at every sign-in
    return client


@pytest.mark.parametrize(
    "tenant_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", CONTOSO]
)
def test_a_forged_or_partner_tenant_id_is_a_404_page(admin_agent, tenant_id):
    response = admin_agent.get(f"/manage/{tenant_id}/users/")
    assert response.status_code == 404
    assert b"No such customer tenant" in response.content


def test_signed_out_the_admin_center_sends_to_sign_in(client, directory):
    response = client.get(f"/manage/{ADATUM}/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/manage/")


def test_who_am_i_names_the_customer_as_tid_and_the_partner_issuer_as_idp(admin_agent):
    response = admin_agent.get(f"/manage/{ADATUM}/")
    assert response.status_code == 200
    claims = response.context["claims"]
    assert claims["tid"] == ADATUM
    assert claims["idp"] == f"https://sts.windows.net/{CONTOSO}/"
    assert claims["wids"] == ["fe930be7-5e62-47db-91af-98c3a49a38b1"]  # User Administrator
    assert "mfa" in claims["amr"]


def test_an_agent_with_user_administrator_adds_a_user_who_can_sign_in(admin_agent):
    response = admin_agent.post(
        f"/manage/{ADATUM}/users/", {"display_name": "Dana Lee", "upn": "Dana.Lee@adatum.com"}
    )
    assert response.status_code == 200
    assert response.context["new_user"].email == "dana.lee@adatum.com"
    password = response.context["new_password"]
    assert b'data-testid="new-user-password"' in response.content
    user = User.objects.get(email="dana.lee@adatum.com")
    assert str(user.tenant_id) == ADATUM
    assert user.check_password(password)
    entry = DirectoryAudit.objects.get(tenant_id=ADATUM)
    assert (entry.activity, entry.target, entry.actor_upn, entry.actor_tenant_name) == (
        "add_user", "dana.lee@adatum.com", "admin.agent@contoso.com", "Contoso"
    )
    audit = admin_agent.get(f"/manage/{ADATUM}/audit/")
    assert b"admin.agent@contoso.com" in audit.content
    assert b"dana.lee@adatum.com" in audit.content
    # The new user really is in the directory: the one-time password signs them in.
    fresh = Client()
    assert fresh.post(
        "/accounts/login/", {"login": "dana.lee@adatum.com", "password": password}
    ).status_code == 302
    assert fresh.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"display_name": "X", "upn": "not an address"}, b"is not a valid user principal name"),
        ({"display_name": "X", "upn": "x@contoso.com"}, b"must end in @adatum.com"),
        ({"display_name": "X", "upn": "ADMIN@adatum.com"}, b"is already taken"),
        ({"display_name": "", "upn": "y@adatum.com"}, b"Enter a display name"),
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(admin_agent, form, message):
    before = _written()
    response = admin_agent.post(f"/manage/{ADATUM}/users/", form)
    assert response.status_code == 400
    assert message in response.content
    assert _written() == before


def _strict(signed_in: Client) -> Client:
    """The same session, with CSRF checked as a browser's request would be."""
    client = Client(enforce_csrf_checks=True)
    client.cookies = signed_in.cookies
    return client


def test_adding_a_user_needs_the_csrf_token(admin_agent):
    client = _strict(admin_agent)
    before = _written()
    response = client.post(f"/manage/{ADATUM}/users/", {"display_name": "Z", "upn": "z@adatum.com"})
    assert response.status_code == 403
    assert _written() == before


def test_a_sales_agent_whose_group_has_no_role_is_refused_naming_it(client, directory):
    sign_in(client, "sales.agent@contoso.com")
    response = client.get(f"/manage/{ADATUM}/users/")
    assert response.status_code == 403
    assert b"No GDAP role" in response.content
    assert b"Contoso_Adatum_UserAdmin" in response.content


def test_a_helpdesk_agent_reads_but_cannot_add_a_user(client, directory):
    sign_in(client, "helpdesk.agent@contoso.com")
    page = client.get(f"/manage/{ADATUM}/users/")
    assert page.status_code == 200
    assert page.context["can_add"] is False
    before = _written()
    response = client.post(f"/manage/{ADATUM}/users/", {"display_name": "Q", "upn": "q@adatum.com"})
    assert response.status_code == 403
    assert b"User Administrator" in response.content
    assert _written() == before


def test_without_an_active_relationship_the_agent_is_refused(client, directory):
    sign_in(client, "trent@wingtiptoys.com")  # Wingtip Toys -> Adatum is approvalPending
    response = client.get(f"/manage/{ADATUM}/")
    assert response.status_code == 403
    assert b"No active GDAP relationship" in response.content


def test_a_partner_with_no_relationship_at_all_is_refused(client, directory):
    sign_in(client, "john@fabrikam.com")
    response = client.get(f"/manage/{RELECLOUD}/")
    assert response.status_code == 403
    assert b"Fabrikam has no active GDAP relationship with Relecloud" in response.content


def test_john_without_mfa_is_sent_to_register_by_adatums_security_defaults(client, directory):
    sign_in(client, "john@fabrikam.com")  # Fabrikam: no MFA, password only
    response = client.get(f"/manage/{ADATUM}/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/register/?next=%2Fmanage%2F")


def test_john_with_a_method_verifies_then_acts_and_fabrikam_still_asks_nothing(client, directory):
    john = User.objects.get(email="john@fabrikam.com")
    services.totp_register(user=john, secret=services.demo_totp_secret(john.email))
    sign_in(client, john.email)
    response = client.get(f"/manage/{ADATUM}/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=%2Fmanage%2F")
    verified = client.post(response["Location"], {"code": _code(john.email)})
    assert verified["Location"] == f"/manage/{ADATUM}/"
    assert client.get(f"/manage/{ADATUM}/").status_code == 200
    # Common issue 1: Adatum's policy did not change Fabrikam's: its next sign-in is
    # password only (the authorize endpoint asks MFA only when Fabrikam's policy does).
    assert Tenant.objects.get(pk=FABRIKAM).mfa_policy == Tenant.MfaPolicy.NONE


def test_with_adatums_policy_off_john_acts_with_the_password_alone(client, directory):
    Tenant.objects.filter(pk=ADATUM).update(customer_mfa_policy=Tenant.CustomerMfaPolicy.OFF)
    sign_in(client, "john@fabrikam.com")
    response = client.get(f"/manage/{ADATUM}/")
    assert response.status_code == 200
    assert response.context["claims"]["amr"] == ["pwd"]


@pytest.fixture
def adatum_admin(client, directory) -> Client:
    sign_in(client, "admin@adatum.com")  # Adatum's own policy: MFA at every sign-in
    return client


def test_the_customer_admin_approves_a_pending_relationship(adatum_admin):
    page = adatum_admin.get(f"/manage/{ADATUM}/relationships/")
    assert page.status_code == 200
    assert b'data-testid="relationship-approve"' in page.content
    response = adatum_admin.post(f"/manage/{ADATUM}/relationships/{PENDING}/approve")
    assert response.status_code == 303
    relationship = GdapRelationship.objects.get(pk=PENDING)
    assert relationship.status == "active"
    assert relationship.decided_by == "admin@adatum.com"
    assert DirectoryAudit.objects.filter(
        tenant_id=ADATUM, activity="approve_relationship", actor_upn="admin@adatum.com"
    ).count() == 1
    # Trent's group got Global Reader: he may now read Adatum's directory.
    trent = Client()
    sign_in(trent, "trent@wingtiptoys.com")
    assert trent.get(f"/manage/{ADATUM}/").status_code != 403


def test_the_customer_admin_rejects_a_pending_relationship(adatum_admin):
    response = adatum_admin.post(f"/manage/{ADATUM}/relationships/{PENDING}/reject")
    assert response.status_code == 303
    assert GdapRelationship.objects.get(pk=PENDING).status == "terminated"


@pytest.mark.parametrize("status", ["active", "expired", "terminated"])
def test_approving_a_relationship_that_is_not_pending_is_a_409(adatum_admin, status):
    GdapRelationship.objects.filter(pk=PENDING).update(status=status)
    before = _written()
    response = adatum_admin.post(f"/manage/{ADATUM}/relationships/{PENDING}/approve")
    assert response.status_code == 409
    assert _written() == before


@pytest.mark.parametrize("relationship_id", [CONTOSO_RELECLOUD, "nonsense"])
def test_approving_a_foreign_or_unknown_relationship_is_a_404(adatum_admin, relationship_id):
    before = _written()
    response = adatum_admin.post(f"/manage/{ADATUM}/relationships/{relationship_id}/approve")
    assert response.status_code == 404
    assert _written() == before


def test_a_partner_agent_cannot_approve(admin_agent):
    before = _written()
    response = admin_agent.post(f"/manage/{ADATUM}/relationships/{PENDING}/approve")
    assert response.status_code == 403
    assert _written() == before


def test_approving_needs_the_csrf_token(adatum_admin):
    client = _strict(adatum_admin)
    assert client.post(f"/manage/{ADATUM}/relationships/{PENDING}/approve").status_code == 403
    assert GdapRelationship.objects.get(pk=PENDING).status == "approvalPending"


def test_a_user_of_the_customer_without_an_admin_role_is_refused(client, directory):
    user = services.user_upsert(
        upn="plain@adatum.com", tenant=Tenant.objects.get(pk=ADATUM), password=PASSWORD,
        given_name="P", family_name="U",
    )
    services.totp_register(user=user, secret=services.demo_totp_secret(user.email))
    sign_in(client, user.email)
    response = client.get(f"/manage/{ADATUM}/")
    assert response.status_code == 403
    assert b"No admin role" in response.content


def test_seeded_relationships_match_the_demo_data(directory):
    assert GdapRelationship.objects.count() == len(demo_data.RELATIONSHIPS)


def test_the_trainer_switches_a_customer_policy(client, directory, settings):
    settings.ENTRA = {**settings.ENTRA, "TRAINER_PAGES_ENABLED": True}
    assert b'data-testid="customer-policy-adatum.com"' in client.get("/trainer/tenants/").content
    response = client.post(
        "/trainer/tenants/adatum.com/customer-policy", {"customer_mfa_policy": "off"}
    )
    assert response.status_code == 303
    assert Tenant.objects.get(pk=ADATUM).customer_mfa_policy == "off"
    client.post("/trainer/tenants/adatum.com/customer-policy", {"customer_mfa_policy": "bogus"})
    assert Tenant.objects.get(pk=ADATUM).customer_mfa_policy == "off"
    refused = client.post(
        "/trainer/tenants/contoso.com/customer-policy", {"customer_mfa_policy": "off"}
    )
    assert refused.status_code == 404  # a partner tenant has no customer policy
