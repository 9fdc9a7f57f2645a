"""Journey 2's end and common issue 1: a partner agent manages a customer's directory through
the customer's admin center at the mock Entra ID, with the customer tenant as the authority.

John (Fabrikam, no MFA policy) signs in with his password; Adatum's security defaults ask him
for MFA, so he registers and verifies; then he adds a user, who really signs in. Registering
for Adatum does not turn MFA on at Fabrikam: his next portal sign-in is password only."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.admin_center import AdminCenter
from e2e.pages.idp import Idp, SignInPage
from e2e.pages.portal import Portal

ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
FABRIKAM = "9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03"
JOHN = "john@fabrikam.com"


def test_john_registers_for_adatum_adds_a_user_who_signs_in(browser, page, idp, idp_url, portal):
    admin_center = AdminCenter(page, idp_url, ADATUM).open("users/")
    idp.sign_in(JOHN)  # password only: Fabrikam asks nothing
    idp.register_authenticator()  # Adatum's security defaults: registration first...
    idp.verify(JOHN)  # ...then verification
    admin_center.expect_users_page()
    upn, password = admin_center.add_user("Dana Lee", "dana.lee@adatum.com")
    assert upn == "dana.lee@adatum.com"
    assert password

    audit = admin_center.audit_entries()
    expect(audit.first).to_contain_text("dana.lee@adatum.com")
    expect(audit.first).to_contain_text(JOHN)
    expect(audit.first).to_contain_text("Fabrikam")
    admin_center.open()
    expect(admin_center.whoami("tid")).to_have_text(ADATUM)
    expect(admin_center.whoami("idp")).to_have_text(f"https://sts.windows.net/{FABRIKAM}/")

    context = browser.new_context()
    try:
        # The new user really exists: the one-time password signs them in at the IdP.
        newcomer = context.new_page()
        newcomer.goto(f"{idp_url}/accounts/login/")
        SignInPage(newcomer).sign_in(upn, password)
        expect(newcomer.get_by_test_id("user-upn")).to_have_text(upn)
    finally:
        context.close()

    context = browser.new_context()
    try:
        # Common issue 1: Fabrikam's own sign-in is still password only.
        later = context.new_page()
        pc, idp2 = Portal(later, portal), Idp(later, idp_url)
        pc.open_area("overview")
        idp2.sign_in(JOHN)
        pc.expect_area("overview")
        expect(pc.session_amr).to_have_text("pwd")
    finally:
        context.close()


def test_a_sales_agent_whose_group_has_no_gdap_role_is_refused(page, idp, idp_url):
    admin_center = AdminCenter(page, idp_url, ADATUM).open("users/")
    idp.sign_in("sales.agent@contoso.com")
    idp.verify("sales.agent@contoso.com")  # Contoso's own MFA at sign-in
    expect(admin_center.refusal).to_have_text("No GDAP role")
    expect(admin_center.refusal_reason).to_contain_text("Contoso_Adatum_UserAdmin")
    expect(page.get_by_test_id("add-user-form")).to_have_count(0)
