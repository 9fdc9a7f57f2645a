"""The policy table against the source document's matrix: every area x role x MFA."""

from __future__ import annotations

import pytest

from portal import areas, policy
from portal.policy import Decision, Role

ADMIN, SALES, HELPDESK, SECURITY, BILLING = (
    "AdminAgent", "SalesAgent", "HelpdeskAgent", "SecurityAdmin", "BillingAdmin",
)
# The source document's role matrix ("Mandating MFA for your partner tenant"), written out
# independently of portal.policy.
MATRIX = {
    "overview": None,
    "servicehealth": None,
    "customers": {ADMIN, SALES, HELPDESK},
    "support": {ADMIN, HELPDESK},
    "billing": {ADMIN, SECURITY, BILLING},
    "security": {ADMIN, SECURITY},
}
PATHS = {
    "overview": "/dashboard/home",
    "servicehealth": "/dashboard/servicehealth",
    "customers": "/commerce/customers/",
    "support": "/dashboard/v2/support/customers/",
    "billing": "/billing/",
    "security": "/security/",
}
PERSONAS = [*[frozenset({role}) for role in (ADMIN, SALES, HELPDESK, SECURITY, BILLING)],
            frozenset()]


def _source_areas():
    """The source document's areas as declared (a prototype's area may come between them)."""
    return [area for area in areas.navigation_areas() if area.namespace in MATRIX]


def test_the_source_areas_are_declared_in_navigation_order():
    assert [area.namespace for area in _source_areas()] == list(MATRIX)
    assert {area.namespace: area.path for area in _source_areas()} == PATHS


def test_the_role_values_are_the_claim_values():
    assert {role.value for role in Role} == {ADMIN, SALES, HELPDESK, SECURITY, BILLING}


def test_roles_per_row_match_the_korean_page_counts():
    counts = [len(area.roles) for area in _source_areas() if area.roles is not None]
    assert counts == [3, 2, 3, 2]


@pytest.mark.parametrize("namespace", list(MATRIX))
@pytest.mark.parametrize("roles", PERSONAS, ids=lambda r: "+".join(r) or "no-role")
@pytest.mark.parametrize("has_mfa", [True, False], ids=["mfa", "pwd-only"])
def test_every_area_role_and_mfa_state(namespace, roles, has_mfa):
    area = areas.area_for_namespace(namespace)
    allowed = MATRIX[namespace]
    decision = policy.decide(area, signed_in=True, has_mfa=has_mfa, roles=roles)
    if allowed is None:  # sign-in only: MFA and roles do not matter
        assert decision is Decision.ALLOW
    elif not has_mfa:  # MFA comes first, whatever the role
        assert decision is Decision.STEP_UP
    elif roles & allowed:
        assert decision is Decision.ALLOW
    else:
        assert decision is Decision.FORBIDDEN


@pytest.mark.parametrize("namespace", list(MATRIX))
def test_signed_out_users_are_sent_to_sign_in_everywhere(namespace):
    area = areas.area_for_namespace(namespace)
    assert policy.decide(area, signed_in=False, has_mfa=False, roles=frozenset()) is (
        Decision.SIGN_IN
    )


def test_public_pages_open_without_sign_in():
    for namespace in ("welcome", "oidc", "i18n"):
        area = areas.area_for_namespace(namespace)
        assert policy.decide(area, signed_in=False, has_mfa=False, roles=frozenset()) is (
            Decision.ALLOW
        )


def test_a_url_outside_every_area_is_denied_even_to_an_admin():
    decision = policy.decide(None, signed_in=True, has_mfa=True, roles=frozenset({ADMIN}))
    assert decision is Decision.FORBIDDEN
    assert areas.area_for_namespace("admin") is None


# Every area behind sign-in, as declared (a new area's own included), over HTTP: the URLconf and
# the middleware enforce what the declaration says.
SIGNED_IN_AREAS = list(areas.navigation_areas())


@pytest.mark.parametrize("area", SIGNED_IN_AREAS, ids=lambda area: area.namespace)
def test_each_declared_area_is_enforced_at_its_home_url(client, sign_in, area):
    signed_out = client.get(area.path)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/oidc/authenticate/")

    if area.mfa:
        sign_in(roles=tuple(role.value for role in Role), mfa=False)
        stepped_up = client.get(area.path)
        assert stepped_up.status_code == 302
        assert "stepup=mfa" in stepped_up["Location"]

    if area.roles is not None:
        outside = [role.value for role in Role if role not in area.roles]
        sign_in(roles=tuple(outside), mfa=True)
        assert client.get(area.path).status_code == 403

    allowed = area.roles if area.roles is not None else {Role.ADMIN_AGENT}
    sign_in(roles=tuple(role.value for role in allowed), mfa=True)
    assert client.get(area.path).status_code == 200
