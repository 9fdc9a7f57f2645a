"""Journey 2: Prashob @ Wingtip. wingtip.com is federated to Wingtip AD FS, which does MFA and
passes it to Entra in a compatible way: sign-in and MFA happen at the federated IdP, and the
protected pages open with no second prompt. With rejectMfaByFederatedIdp, Entra asks itself."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages.idp import qa_federation_behavior

PRASHOB = "prashob@wingtip.com"


def test_sign_in_and_mfa_at_the_federated_idp_then_no_second_prompt(pc, idp, adfs):
    pc.open_area("overview")
    idp.sign_in(PRASHOB)  # home-realm discovery: on to Wingtip's own sign-in page
    adfs.sign_in(PRASHOB)
    adfs.verify(PRASHOB)  # AD FS's own MFA
    pc.expect_area("overview")
    expect(pc.session_amr).to_have_text("fed, mfa")
    for area in ("customers", "support", "billing", "security"):
        pc.click_area(area)
        pc.expect_area(area)  # no second prompt anywhere


def test_reject_mfa_by_the_federated_idp_makes_entra_ask(pc, idp, adfs, idp_url):
    qa_federation_behavior(idp_url, "wingtip.com", "rejectMfaByFederatedIdp")
    pc.open_area("customers")
    idp.sign_in(PRASHOB)
    adfs.sign_in(PRASHOB)
    adfs.verify(PRASHOB)  # done at AD FS, and not counted...
    idp.register_authenticator()  # ...so Entra performs MFA itself: registration first
    idp.verify(PRASHOB)
    pc.expect_area("customers")
    pc.open_area("overview")
    expect(pc.session_amr).to_have_text("fed, mfa, otp")
