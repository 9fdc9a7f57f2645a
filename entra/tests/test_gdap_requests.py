"""The partner's GDAP page (entra.views.partner_gdap): an admin agent requests a relationship,
assigns groups its roles, terminates it; every bad input a 4xx with nothing written; and the QA
switch for a customer's MFA policy."""

from __future__ import annotations

import json

import pytest
import requests
from django.test import Client

from entra.gdap import roles as gdap_roles
from entra.models import DirectoryAudit, GdapAccessAssignment, GdapRelationship, Tenant
from entra.tests.browserless import CSRF_RE, IdpBrowser
from entra.tests.concurrency import PARALLEL, all_at_once
from entra.tests.test_admin_center import ADATUM, CONTOSO, RELECLOUD, sign_in

PAGE = "/manage/partner/relationships/"
CONTOSO_ADATUM = "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e01"
WINGTIPTOYS_PENDING = "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e04"
USER_ADMIN = gdap_roles.USER_ADMINISTRATOR.template_id
READER = gdap_roles.GLOBAL_READER.template_id
HELPDESK = gdap_roles.HELPDESK_ADMINISTRATOR.template_id


def _written() -> tuple:
    return (
        list(GdapRelationship.objects.order_by("pk").values_list("pk", "status")),
        GdapAccessAssignment.objects.count(),
        DirectoryAudit.objects.count(),
    )


def _request(**overrides) -> dict:
    return {
        "customer": ADATUM, "display_name": "Contoso_Adatum_Reader", "roles": [READER],
        "duration_days": "90", **overrides,
    }


@pytest.fixture
def agent(client, directory) -> Client:
    sign_in(client, "admin.agent@contoso.com")  # Contoso: MFA at every sign-in
    return client


def test_the_page_lists_the_partners_relationships_with_roles_and_assignments(agent):
    response = agent.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Contoso_Adatum_UserAdmin" in page
    assert "Contoso_Relecloud_UserAdmin" in page
    assert "Wingtip_Adatum_UserAdmin" not in page  # another partner's
    assert "User Administrator, Helpdesk Administrator" in page
    assert "Admin agents: User Administrator" in page
    assert "Helpdesk agents: Helpdesk Administrator" in page
    # The form offers customers only, and every known role with its template id.
    assert f'value="{ADATUM}"' in page
    assert f'value="{CONTOSO}"' not in page
    for role in gdap_roles.ROLES.values():
        assert role.template_id in page


def test_a_request_is_pending_audited_in_the_customer_and_shows_the_approval_link(agent):
    response = agent.post(PAGE, _request(roles=[READER, USER_ADMIN]))
    assert response.status_code == 303
    relationship = GdapRelationship.objects.get(display_name="Contoso_Adatum_Reader")
    assert response["Location"] == f"{PAGE}?requested={relationship.pk}"
    assert (relationship.status, relationship.duration, str(relationship.customer_tenant_id)) == (
        "approvalPending", "P90D", ADATUM
    )
    assert relationship.roles == [READER, USER_ADMIN]
    entry = DirectoryAudit.objects.get(tenant_id=ADATUM)
    assert (entry.activity, entry.target, entry.actor_upn, entry.actor_tenant_name) == (
        "request_relationship", "Contoso_Adatum_Reader", "admin.agent@contoso.com", "Contoso"
    )
    page = agent.get(response["Location"])
    assert (
        f'data-testid="gdap-approval-link">http://testserver/manage/{ADATUM}/relationships/'
        in page.content.decode()
    )
    # The customer's audit page names the activity.
    assert b"Request GDAP relationship" in agent.get(f"/manage/{ADATUM}/audit/").content


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"roles": ["00000000-0000-0000-0000-000000000000"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"duration_days": "0"}, "duration_days"),
        ({"duration_days": "731"}, "duration_days"),
        ({"duration_days": "P30D"}, "duration_days"),
        ({"customer": "00000000-0000-0000-0000-000000000000"}, "customer"),
        ({"customer": "not-a-tenant"}, "customer"),
        ({"customer": CONTOSO}, "customer"),  # a partner tenant is no customer
        ({"display_name": "   "}, "display_name"),
    ],
)
def test_bad_input_is_a_400_page_with_the_form_and_nothing_written(agent, overrides, field):
    before = _written()
    response = agent.post(PAGE, _request(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert b'data-testid="gdap-request-form"' in response.content
    assert _written() == before


def test_a_name_the_partner_already_uses_is_a_409_and_nothing_written(agent):
    before = _written()
    response = agent.post(PAGE, _request(display_name="contoso_adatum_useradmin"))
    assert response.status_code == 409
    assert b"already has a relationship named" in response.content
    assert _written() == before


def test_the_request_needs_the_csrf_token(agent):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = agent.cookies
    before = _written()
    assert strict.post(PAGE, _request()).status_code == 403
    assert _written() == before


def test_a_sales_agent_is_refused_naming_the_admin_agent_role(client, directory):
    sign_in(client, "sales.agent@contoso.com")
    before = _written()
    for response in (client.get(PAGE), client.post(PAGE, _request())):
        assert response.status_code == 403
        assert b"Admin agent" in response.content
    assert _written() == before


def test_a_customer_admin_is_refused(client, directory):
    sign_in(client, "admin@adatum.com")
    assert client.get(PAGE).status_code == 403


def test_signed_out_the_page_sends_to_sign_in(client, directory):
    response = client.get(PAGE)
    assert response["Location"].startswith("/accounts/login/?next=/manage/partner/")


def test_a_password_only_session_is_sent_to_mfa_before_anything_is_written(client, directory):
    sign_in(client, "john@fabrikam.com")  # Fabrikam: password only, no method yet
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/register/?next=%2Fmanage%2Fpartner%2F")
    before = _written()
    posted = client.post(PAGE, _request(customer=RELECLOUD))
    assert posted.status_code == 302
    assert posted["Location"].startswith("/mfa/register/")
    assert _written() == before


def test_terminate_ends_the_relationship_and_the_admin_center_then_refuses_the_agent(agent):
    assert agent.get(f"/manage/{ADATUM}/users/").status_code == 200
    response = agent.post(f"{PAGE}{CONTOSO_ADATUM}/terminate")
    assert response.status_code == 303
    assert GdapRelationship.objects.get(pk=CONTOSO_ADATUM).status == "terminated"
    entry = DirectoryAudit.objects.get(tenant_id=ADATUM)
    assert (entry.activity, entry.actor_upn, entry.actor_tenant_name) == (
        "terminate_relationship", "admin.agent@contoso.com", "Contoso"
    )
    refused = agent.get(f"/manage/{ADATUM}/users/")
    assert refused.status_code == 403
    assert b"No active GDAP relationship" in refused.content
    # Twice: a 409 page, nothing more written.
    before = _written()
    again = agent.post(f"{PAGE}{CONTOSO_ADATUM}/terminate")
    assert again.status_code == 409
    assert b"is Terminated, not active" in again.content
    assert _written() == before


@pytest.mark.parametrize(
    "relationship_id", [WINGTIPTOYS_PENDING, "00000000-0000-0000-0000-000000000000", "junk"]
)
def test_another_partners_or_an_unknown_relationship_is_a_404(agent, relationship_id):
    before = _written()
    assert agent.post(f"{PAGE}{relationship_id}/terminate").status_code == 404
    assert _written() == before


def test_terminating_a_pending_relationship_is_a_409(agent):
    agent.post(PAGE, _request())
    pending = GdapRelationship.objects.get(display_name="Contoso_Adatum_Reader")
    before = _written()
    assert agent.post(f"{PAGE}{pending.pk}/terminate").status_code == 409
    assert _written() == before


def test_terminate_needs_the_csrf_token(agent):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = agent.cookies
    assert strict.post(f"{PAGE}{CONTOSO_ADATUM}/terminate").status_code == 403
    assert GdapRelationship.objects.get(pk=CONTOSO_ADATUM).status == "active"


def _group(name: str) -> str:
    return str(Tenant.objects.get(pk=CONTOSO).security_groups.get(display_name=name).pk)


def test_an_assignment_gives_a_group_the_relationships_role_and_is_audited(agent):
    sales = _group("Sales agents")
    response = agent.post(
        f"{PAGE}{CONTOSO_ADATUM}/access-assignments",
        {"security_group": sales, "roles": [HELPDESK]},
    )
    assert response.status_code == 303
    assert GdapAccessAssignment.objects.get(
        relationship_id=CONTOSO_ADATUM, security_group_id=sales
    ).roles == [HELPDESK]
    entry = DirectoryAudit.objects.get(tenant_id=ADATUM)
    assert entry.activity == "assign_access"
    assert entry.target == "Sales agents (Contoso_Adatum_UserAdmin): Helpdesk Administrator"
    # The sales agent, refused before for want of a role, now reads Adatum's directory.
    other = Client()
    sign_in(other, "sales.agent@contoso.com")
    assert other.get(f"/manage/{ADATUM}/users/").status_code == 200


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"roles": [READER]}, 400, b"The relationship does not grant: Global Reader"),
        ({"roles": ["nope"]}, 400, b"nope"),
        ({"roles": []}, 400, b"Choose at least one role."),
        ({"security_group": "00000000-0000-0000-0000-000000000000"}, 400, b"Select a valid"),
        ({"security_group": "Admin agents"}, 409, b"already has an access assignment"),
    ],
)
def test_bad_assignments_are_refused_with_nothing_written(agent, data, status, message):
    form = {"security_group": _group("Sales agents"), "roles": [USER_ADMIN], **data}
    if form["security_group"] == "Admin agents":
        form["security_group"] = _group("Admin agents")
    before = _written()
    response = agent.post(f"{PAGE}{CONTOSO_ADATUM}/access-assignments", form)
    assert response.status_code == status
    assert message in response.content
    assert _written() == before


def test_an_assignment_in_a_pending_relationship_is_a_409(agent):
    agent.post(PAGE, _request())
    pending = GdapRelationship.objects.get(display_name="Contoso_Adatum_Reader")
    before = _written()
    response = agent.post(
        f"{PAGE}{pending.pk}/access-assignments",
        {"security_group": _group("Admin agents"), "roles": [READER]},
    )
    assert response.status_code == 409
    assert b"not active" in response.content
    assert _written() == before


def test_the_whole_life_request_approve_assign_act(agent, directory):
    agent.post(PAGE, _request(customer=ADATUM, roles=[USER_ADMIN]))
    relationship = GdapRelationship.objects.get(display_name="Contoso_Adatum_Reader")
    customer_admin = Client()
    sign_in(customer_admin, "admin@adatum.com")
    approved = customer_admin.post(f"/manage/{ADATUM}/relationships/{relationship.pk}/approve")
    assert approved.status_code == 303
    agent.post(f"{PAGE}{CONTOSO_ADATUM}/terminate")  # the seeded one gone: only the new one
    assert agent.get(f"/manage/{ADATUM}/").status_code == 403  # no group holds a role yet
    agent.post(
        f"{PAGE}{relationship.pk}/access-assignments",
        {"security_group": _group("Admin agents"), "roles": [USER_ADMIN]},
    )
    page = agent.get(f"/manage/{ADATUM}/")
    assert page.status_code == 200
    assert page.context["claims"]["wids"] == [USER_ADMIN]
    activities = list(
        DirectoryAudit.objects.filter(tenant_id=ADATUM).order_by("pk")
        .values_list("activity", flat=True)
    )
    assert activities == [
        "request_relationship", "approve_relationship", "terminate_relationship",
        "assign_access",
    ]


def _qa(client: Client, domain: str, body: object):
    return client.post(
        f"/qa/tenants/{domain}/customer-mfa-policy", json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.parametrize("policy", ["security_defaults", "admins_conditional_access", "off"])
def test_the_qa_switch_sets_the_customer_policy(client, directory, policy):
    response = _qa(client, "relecloud.com", {"policy": policy})
    assert response.status_code == 200
    assert response.json() == {"domain": "relecloud.com", "policy": policy}
    assert Tenant.objects.get(domain="relecloud.com").customer_mfa_policy == policy


def test_the_qa_switch_changes_what_the_admin_center_asks(client, directory):
    _qa(client, "adatum.com", {"policy": "off"})
    sign_in(client, "john@fabrikam.com")  # password only
    assert client.get(f"/manage/{ADATUM}/").status_code == 200
    _qa(client, "adatum.com", {"policy": "security_defaults"})
    assert client.get(f"/manage/{ADATUM}/")["Location"].startswith("/mfa/register/")


@pytest.mark.parametrize("body", [{"policy": "on"}, {}, ["off"], {"policy": None}])
def test_the_qa_switch_names_the_allowed_values(client, directory, body):
    response = _qa(client, "adatum.com", body)
    assert response.status_code == 400
    assert "security_defaults, admins_conditional_access, off" in response.json()[
        "error_description"
    ]
    assert Tenant.objects.get(domain="adatum.com").customer_mfa_policy == "security_defaults"


@pytest.mark.parametrize("domain", ["nowhere.example", "contoso.com"])
def test_the_qa_switch_is_a_404_for_an_unknown_or_partner_tenant(client, directory, domain):
    response = _qa(client, domain, {"policy": "off"})
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_customer_tenant"


def _signed_in_agent(idp: str) -> tuple[IdpBrowser, str]:
    """The agent signed in with MFA over real HTTP, on the partner page; its CSRF token."""
    browser = IdpBrowser(idp)
    browser.open(PAGE)
    browser.sign_in("admin.agent@contoso.com")
    browser.enter_code(browser.totp("admin.agent@contoso.com"))
    assert browser.last is not None
    assert 'data-testid="gdap-request-form"' in browser.last.text
    return browser, CSRF_RE.search(browser.last.text).group(1)


def _post_all_at_once(browser: IdpBrowser, url: str, data: dict) -> list[int]:
    def call() -> requests.Response:
        session = requests.Session()
        session.cookies.update(browser.session.cookies)
        return session.post(
            url, data=data, allow_redirects=False, timeout=30, headers={"Referer": url}
        )

    return sorted(r.status_code for r in all_at_once(call))


@pytest.mark.security
def test_ten_identical_requests_at_once_make_one_relationship(idp):
    browser, token = _signed_in_agent(idp)
    statuses = _post_all_at_once(
        browser, f"{idp}{PAGE}", {**_request(), "csrfmiddlewaretoken": token}
    )
    assert statuses == [303] + [409] * (PARALLEL - 1)
    assert GdapRelationship.objects.filter(display_name="Contoso_Adatum_Reader").count() == 1
    assert DirectoryAudit.objects.filter(activity="request_relationship").count() == 1


@pytest.mark.security
def test_ten_terminations_at_once_end_it_once(idp):
    browser, token = _signed_in_agent(idp)
    statuses = _post_all_at_once(
        browser, f"{idp}{PAGE}{CONTOSO_ADATUM}/terminate", {"csrfmiddlewaretoken": token}
    )
    assert statuses == [303] + [409] * (PARALLEL - 1)
    assert DirectoryAudit.objects.filter(activity="terminate_relationship").count() == 1
