"""GDAP relationships (entra.gdap): the state machine, access assignments, the roles an agent
holds in a customer tenant, and the customer's MFA decision for partner agents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from entra.gdap import roles as gdap_roles
from entra.gdap import selectors, services
from entra.internal.interaction import mfa_due, mfa_prompt
from entra.internal.signin_state import SignInState
from entra.models import GdapRelationship, Tenant, User

USER_ADMIN = gdap_roles.USER_ADMINISTRATOR.template_id
READER = gdap_roles.GLOBAL_READER.template_id
Status = GdapRelationship.Status


def _tenant(domain: str) -> Tenant:
    return Tenant.objects.get(domain=domain)


def _user(upn: str) -> User:
    return User.objects.select_related("tenant").get(email=upn)


@pytest.fixture
def pending(directory) -> GdapRelationship:
    return services.relationship_request(
        partner_tenant=_tenant("fabrikam.com"), customer_tenant=_tenant("relecloud.com"),
        display_name="Fabrikam_Relecloud", roles=[USER_ADMIN, READER], duration="P30D",
    )


def test_a_request_is_pending_and_grants_nothing_yet(pending):
    assert pending.status == Status.APPROVAL_PENDING
    group = _user("john@fabrikam.com").security_groups.get()
    services.access_assignment_create(relationship=pending, security_group=group, roles=[READER])
    access = selectors.agent_delegated_access(
        user=_user("john@fabrikam.com"), customer_tenant=_tenant("relecloud.com")
    )
    assert not access.has_active_relationship
    assert access.roles == frozenset()


def test_approval_activates_for_the_duration_and_grants_the_assigned_roles(pending):
    group = _user("john@fabrikam.com").security_groups.get()
    services.access_assignment_create(relationship=pending, security_group=group, roles=[READER])
    admin = User.objects.create_user("admin@relecloud.com", "x", tenant=_tenant("relecloud.com"))
    relationship = services.relationship_approve(relationship=pending, approver=admin)
    assert relationship.status == Status.ACTIVE
    assert relationship.ends_at - relationship.activated_at == timedelta(days=30)
    access = selectors.agent_delegated_access(
        user=_user("john@fabrikam.com"), customer_tenant=_tenant("relecloud.com")
    )
    assert access.roles == frozenset({READER})  # assigned, not everything the relationship has


def test_an_admin_of_another_tenant_cannot_approve(pending):
    with pytest.raises(services.GdapError):
        services.relationship_approve(relationship=pending, approver=_user("admin@adatum.com"))
    pending.refresh_from_db()
    assert pending.status == Status.APPROVAL_PENDING


def test_invalid_transitions_are_errors_that_change_nothing(pending):
    admin = User.objects.create_user("admin@relecloud.com", "x", tenant=_tenant("relecloud.com"))
    with pytest.raises(services.TransitionError):
        services.relationship_terminate(relationship=pending)  # not active yet
    services.relationship_approve(relationship=pending, approver=admin)
    with pytest.raises(services.TransitionError):
        services.relationship_approve(relationship=pending, approver=admin)  # twice
    with pytest.raises(services.TransitionError):
        services.relationship_expire(relationship=pending)  # has not run out
    services.relationship_terminate(relationship=pending)
    with pytest.raises(services.TransitionError):
        services.relationship_reject(relationship=pending, approver=admin)
    pending.refresh_from_db()
    assert pending.status == Status.TERMINATED


def test_a_stale_copy_loses_the_race_to_approve(pending):
    admin = User.objects.create_user("admin@relecloud.com", "x", tenant=_tenant("relecloud.com"))
    stale = GdapRelationship.objects.get(pk=pending.pk)
    services.relationship_reject(relationship=pending, approver=admin)
    with pytest.raises(services.TransitionError):
        services.relationship_approve(relationship=stale, approver=admin)
    assert GdapRelationship.objects.get(pk=pending.pk).status == Status.TERMINATED


def test_a_relationship_past_its_end_grants_nothing_and_then_expires(directory):
    relationship = GdapRelationship.objects.get(display_name="Contoso_Adatum_UserAdmin")
    agent = _user("admin.agent@contoso.com")
    adatum = _tenant("adatum.com")
    assert selectors.agent_delegated_access(user=agent, customer_tenant=adatum).roles == {
        USER_ADMIN
    }
    GdapRelationship.objects.filter(pk=relationship.pk).update(
        ends_at=timezone.now() - timedelta(seconds=1)
    )
    relationship.refresh_from_db()
    assert selectors.relationship_effective_status(relationship=relationship) == Status.EXPIRED
    assert not selectors.agent_delegated_access(
        user=agent, customer_tenant=adatum
    ).has_active_relationship
    assert services.relationship_expire(relationship=relationship).status == Status.EXPIRED


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"roles": ["00000000-0000-0000-0000-000000000000"]}, services.UnknownRoleError),
        ({"roles": []}, services.UnknownRoleError),
        ({"duration": "P731D"}, services.GdapError),
        ({"duration": "2 years"}, services.GdapError),
        ({"display_name": "  "}, services.GdapError),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_written(directory, fields, error):
    before = GdapRelationship.objects.count()
    with pytest.raises(error):
        services.relationship_request(
            **{
                "partner_tenant": _tenant("fabrikam.com"),
                "customer_tenant": _tenant("relecloud.com"),
                "display_name": "X", "roles": [READER], "duration": "P730D", **fields,
            }
        )
    assert GdapRelationship.objects.count() == before


def test_a_relationship_goes_from_a_partner_to_a_customer(directory):
    with pytest.raises(services.GdapError):
        services.relationship_request(
            partner_tenant=_tenant("adatum.com"), customer_tenant=_tenant("contoso.com"),
            display_name="Backwards", roles=[READER], duration="P1D",
        )


def test_an_assignment_cannot_exceed_the_relationship_or_leave_the_partner(pending):
    john_group = _user("john@fabrikam.com").security_groups.get()
    with pytest.raises(services.UnknownRoleError):
        services.access_assignment_create(
            relationship=pending, security_group=john_group,
            roles=[gdap_roles.GLOBAL_ADMINISTRATOR.template_id],
        )
    contoso_group = _user("admin.agent@contoso.com").security_groups.get()
    with pytest.raises(services.GdapError):
        services.access_assignment_create(
            relationship=pending, security_group=contoso_group, roles=[READER]
        )


def test_a_sales_agent_has_the_relationship_but_no_role(directory):
    access = selectors.agent_delegated_access(
        user=_user("sales.agent@contoso.com"), customer_tenant=_tenant("adatum.com")
    )
    assert access.has_active_relationship
    assert access.roles == frozenset()


# The customer's MFA decision -------------------------------------------------------------

P = Tenant.CustomerMfaPolicy


@pytest.mark.parametrize(
    ("policy", "roles", "due"),
    [
        (P.SECURITY_DEFAULTS, {USER_ADMIN}, True),
        (P.SECURITY_DEFAULTS, {READER}, True),  # every GDAP role counts as acting as an admin
        (P.SECURITY_DEFAULTS, set(), False),  # common issue 2: no customer managed, not asked
        (P.ADMINS_CONDITIONAL_ACCESS, {USER_ADMIN}, True),
        (P.ADMINS_CONDITIONAL_ACCESS, {READER}, False),  # not a role the template lists
        (P.OFF, {USER_ADMIN}, False),
    ],
)
@pytest.mark.parametrize("upn", ["john@fabrikam.com", "prashob@wingtip.com"])
def test_the_customer_policy_decides_for_managed_and_federated_agents(
    directory, policy, roles, due, upn
):
    customer = _tenant("adatum.com")
    customer.customer_mfa_policy = policy
    agent = _user(upn)
    assert mfa_due(agent, resource_tenant=customer, resource_roles=roles) is due


def test_the_partner_tenant_policy_does_not_follow_the_agent_in(directory):
    adatum = _tenant("adatum.com")
    adatum.customer_mfa_policy = P.OFF
    alejandra = _user("alejandra@contoso.com")  # Contoso asks MFA at every sign-in, at home
    assert mfa_due(alejandra) is True
    assert mfa_due(alejandra, resource_tenant=adatum, resource_roles={USER_ADMIN}) is False


def test_fabrikam_still_asks_nothing_at_home_after_john_registered_for_adatum(directory):
    from entra import services as entra_services

    john = _user("john@fabrikam.com")
    entra_services.totp_register(user=john, secret=entra_services.demo_totp_secret(john.email))
    assert mfa_due(john) is False  # common issue 1: the partner tenant's policy is unchanged


B = Tenant.FederatedIdpMfaBehavior


@pytest.mark.parametrize(
    ("behavior", "amr", "prompt"),
    [
        (B.ACCEPT, ("fed", "mfa"), None),  # AD FS did MFA and Entra accepts it
        (B.ACCEPT, ("fed",), "entra:mfa_register"),  # it did none: Entra asks, no method yet
        (B.ENFORCE, ("fed",), "entra:federation_mfa"),  # back to AD FS for MFA
        (B.REJECT, ("fed",), "entra:mfa_register"),  # Entra does MFA itself
    ],
)
def test_a_federated_agent_follows_the_domains_federated_idp_mfa_behavior(
    directory, behavior, amr, prompt
):
    prashob = _user("prashob@wingtip.com")
    prashob.tenant.federated_idp_mfa_behavior = behavior
    state = SignInState(amr=amr, auth_time=timezone.now())
    assert mfa_prompt(prashob, state) == prompt


def test_a_managed_agent_with_a_method_verifies_without_one_registers(directory):
    state = SignInState(amr=("pwd",), auth_time=timezone.now())
    assert mfa_prompt(_user("john@fabrikam.com"), state) == "entra:mfa_register"
    assert mfa_prompt(_user("admin.agent@contoso.com"), state) == "mfa_reauthenticate"
