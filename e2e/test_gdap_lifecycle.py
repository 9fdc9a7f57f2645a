"""A GDAP relationship's whole life through pages (issue 12 item 1): Contoso's admin agent
terminates its relationship with Adatum (the admin center then refuses him), requests a new one
on the partner's GDAP page, Adatum's admin approves it from the link the page gave, the agent
assigns his security group a role of it and acts in Adatum's admin center again."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.admin_center import AdminCenter
from e2e.pages.gdap import CustomerRelationships, PartnerRelationships
from e2e.pages.idp import Idp

ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
AGENT = "admin.agent@contoso.com"
CUSTOMER_ADMIN = "admin@adatum.com"
USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1"


def test_request_approve_assign_act_terminate(browser, page, idp, idp_url):
    gdap = PartnerRelationships(page, idp_url).open()
    idp.sign_in(AGENT)
    idp.verify(AGENT)  # Contoso: MFA at every sign-in, and the page needs it
    gdap.expect_page()
    expect(gdap.status("Contoso_Adatum_UserAdmin")).to_have_text("active")

    gdap.terminate("Contoso_Adatum_UserAdmin")
    admin_center = AdminCenter(page, idp_url, ADATUM).open("users/")
    expect(admin_center.refusal).to_have_text("No active GDAP relationship")

    gdap.open()
    approval_link = gdap.request(
        customer_id=ADATUM, display_name="Contoso_Adatum_Users", role_ids=[USER_ADMINISTRATOR],
        days=30,
    )
    assert approval_link == f"{idp_url}/manage/{ADATUM}/relationships/"
    expect(gdap.status("Contoso_Adatum_Users")).to_have_text("approvalPending")

    context = browser.new_context()
    try:
        # Adatum's admin, in their own browser, opens the link the agent sent.
        customer = context.new_page()
        customer.goto(approval_link)
        customer_idp = Idp(customer, idp_url)
        customer_idp.sign_in(CUSTOMER_ADMIN)
        customer_idp.verify(CUSTOMER_ADMIN)  # Adatum: MFA at every sign-in
        CustomerRelationships(customer).approve("Contoso_Adatum_Users")
    finally:
        context.close()

    gdap.open()
    expect(gdap.status("Contoso_Adatum_Users")).to_have_text("active")
    # Active, but no group of Contoso holds a role in it yet: the admin center says so.
    admin_center.open("users/")
    expect(admin_center.refusal).to_have_text("No GDAP role")

    gdap.open()
    gdap.assign("Contoso_Adatum_Users", group="Admin agents", role_ids=[USER_ADMINISTRATOR])
    admin_center.open("users/")
    admin_center.expect_users_page()
    upn, password = admin_center.add_user("Kim Minsu", "minsu@adatum.com")
    assert upn == "minsu@adatum.com"
    assert password

    activities = admin_center.audit_entries()
    for text in ("Add user", "Assign GDAP roles", "Approve GDAP relationship",
                 "Request GDAP relationship", "Terminate GDAP relationship"):
        expect(activities.filter(has_text=text).first).to_be_visible()
    expect(activities.filter(has_text="Request GDAP relationship")).to_contain_text(AGENT)
    expect(activities.filter(has_text="Request GDAP relationship")).to_contain_text("Contoso")

    gdap.open()
    gdap.terminate("Contoso_Adatum_Users")
    admin_center.open("users/")
    expect(admin_center.refusal).to_have_text("No active GDAP relationship")
