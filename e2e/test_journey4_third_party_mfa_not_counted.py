"""Journey 4: Trent @ Wingtip Toys. The tenant's MFA is a third party's, wired in through a
Conditional Access custom control: Trent does MFA, but the token's amr has no mfa, so every
MFA area is blocked with an explanation. Switched to an external authentication method (the
Entra-compatible integration), the same prompt lets him in."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.idp import qa_third_party_integration

TRENT = "trent@wingtiptoys.com"
MFA_AREAS = ("customers", "support", "billing", "security")


def test_blocked_everywhere_then_let_in_by_the_compatible_integration(pc, idp, idp_url):
    pc.open_area("overview")
    idp.sign_in(TRENT)
    idp.expect_third_party_prompt()  # MFA happens, at the third party's page
    idp.verify(TRENT)
    pc.expect_area("overview")
    expect(pc.session_amr).to_have_text("pwd")  # ...and Entra's token does not say so

    for area in MFA_AREAS:
        pc.open_area(area)
        pc.expect_mfa_blocked(area, "pwd")
    pc.page.reload()
    pc.expect_mfa_blocked("security", "pwd")  # no loop back to the IdP

    qa_third_party_integration(idp_url, "wingtiptoys.com", "external_authentication_method")
    pc.mfa_blocked_retry.click()
    idp.expect_third_party_prompt()  # the same product, now Entra-compatible
    idp.verify(TRENT, which="next_code")
    pc.expect_area("security")
    for area in MFA_AREAS:
        pc.click_area(area)
        pc.expect_area(area)
