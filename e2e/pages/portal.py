"""Page objects for the portal. Selectors are the stable test ids of docs/qa.md."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

# Where each area's navigation link points, as in portal.policy.
AREA_PATHS = {
    "overview": "/dashboard/home",
    "servicehealth": "/dashboard/servicehealth",
    "customers": "/commerce/customers/",
    "support": "/dashboard/v2/support/customers/",
    "billing": "/billing/",
    "security": "/security/",
}
AREA_TITLES = {
    "overview": "Overview",
    "servicehealth": "Service health",
    "customers": "Customers",
    "support": "Support requests",
    "billing": "Billing",
    "security": "Security workspace",
}


class Portal:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url

    def open(self, path: str = "/") -> Portal:
        self.page.goto(f"{self.base_url}{path}")
        return self

    def open_area(self, area: str) -> Portal:
        return self.open(AREA_PATHS[area])

    def click_area(self, area: str) -> None:
        self.page.get_by_test_id(f"nav-{area}").click()

    def start_sign_in(self) -> None:
        self.open("/")
        self.page.get_by_test_id("signin-start").click()

    def sign_out(self) -> None:
        self.page.get_by_test_id("signout").click()

    @property
    def title(self):
        return self.page.get_by_test_id("area-title")

    @property
    def user_upn(self):
        return self.page.get_by_test_id("user-upn")

    @property
    def session_amr(self):
        return self.page.get_by_test_id("session-amr")

    @property
    def access_denied(self):
        return self.page.get_by_test_id("access-denied")

    @property
    def stepup_required(self):
        """The step-up page of an area whose MFA was cancelled (or a form posted without MFA)."""
        return self.page.get_by_test_id("stepup-required")

    @property
    def stepup_retry(self):
        return self.page.get_by_test_id("stepup-retry")

    @property
    def mfa_blocked(self):
        """The page of an area whose step-up came back with a token whose amr has no mfa."""
        return self.page.get_by_test_id("mfa-blocked")

    @property
    def mfa_blocked_amr(self):
        return self.page.get_by_test_id("mfa-blocked-amr")

    @property
    def mfa_blocked_fix(self):
        return self.page.get_by_test_id("mfa-blocked-fix")

    @property
    def mfa_blocked_retry(self):
        return self.page.get_by_test_id("mfa-blocked-retry")

    def expect_area(self, area: str) -> None:
        """The area opened: its heading, at its own address, with no access-denied notice."""
        expect(self.title).to_have_text(AREA_TITLES[area])
        expect(self.page).to_have_url(re.compile(re.escape(self.base_url + AREA_PATHS[area])))
        expect(self.access_denied).to_have_count(0)

    def expect_denied(self, area: str) -> None:
        expect(self.title).to_have_text(AREA_TITLES[area])
        expect(self.access_denied).to_be_visible()

    def expect_mfa_blocked(self, area: str, amr: str) -> None:
        """The area stayed closed because the token's ``amr`` (shown as ``amr``) has no mfa:
        the blocked page, not the cancelled step-up's, at the area's own address."""
        expect(self.title).to_have_text(AREA_TITLES[area])
        expect(self.page).to_have_url(re.compile(re.escape(self.base_url + AREA_PATHS[area])))
        expect(self.mfa_blocked).to_be_visible()
        expect(self.mfa_blocked_amr).to_have_text(amr)
        expect(self.mfa_blocked_fix).to_be_visible()
        expect(self.stepup_retry).to_have_count(0)
