"""What a signed-in user must still do at the IdP before a grant may be handed to a client.

One answer for every page that issues a grant: the authorize endpoint (a code) and the device
page (a confirmed device code). Both must leave ``amr`` telling the truth, so both send the user
through the same sign-in and the same MFA, by the same rules.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from entra import selectors, third_party_mfa
from entra.gdap import roles as gdap_roles
from entra.internal.signin_state import SignInState
from entra.models import Tenant, User


def redirect_with_next(urlname: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(urlname)}?{urlencode({'next': next_url})}")


def fresh_sign_in_page(user: User) -> str:
    """Where the user enters credentials again (a URL name): the password here, or, for a
    federated user, who has no password in the cloud, a sign-in at the federated IdP."""
    return "entra:federation_signin" if user.tenant and user.tenant.is_federated else (
        "account_reauthenticate"
    )


def customer_policy_asks(tenant: Tenant, roles: Collection[str]) -> bool:
    """Whether a customer tenant's policy asks MFA of someone holding ``roles`` in it.

    Security defaults ask every admin, partner agents with any GDAP role included; the
    Conditional Access template for admins asks the admin roles it lists (not Global Reader);
    off asks nobody.
    """
    policy = Tenant.CustomerMfaPolicy
    if tenant.customer_mfa_policy == policy.SECURITY_DEFAULTS:
        return bool(roles)
    if tenant.customer_mfa_policy == policy.ADMINS_CONDITIONAL_ACCESS:
        return any(gdap_roles.ROLES[r].admin for r in roles if r in gdap_roles.ROLES)
    return False


def mfa_due(
    user: User,
    *,
    requested: bool = False,
    resource_tenant: Tenant | None = None,
    resource_roles: Collection[str] = (),
) -> bool:
    """MFA is due when the client asked for it (step-up) or the tenant asks at every sign-in.

    ``resource_tenant``: a customer tenant the user acts in, holding ``resource_roles`` there
    (GDAP roles of a partner agent, directory roles of its own admin). The customer's policy
    decides there (the source: "the customer's MFA policy applies"); a partner agent's own
    tenant policy does not follow them in, and MFA registered there changes nothing at home.
    """
    tenant = user.tenant
    at_home = resource_tenant is None or resource_tenant.pk == user.tenant_id
    home_asks = at_home and bool(tenant and tenant.requires_mfa_at_sign_in)
    customer_asks = resource_tenant is not None and customer_policy_asks(
        resource_tenant, resource_roles
    )
    return requested or home_asks or customer_asks


def mfa_prompt(user: User, state: SignInState) -> str | None:
    """Where MFA that is due happens (a URL name), or None when this sign-in has done it."""
    if third_party_mfa.uses_third_party_mfa(user):
        # Conditional Access sends the user to the tenant's own MFA product, never to Entra's
        # registration; once passed, the grant is issued with whatever amr the integration
        # gives (a custom control: no mfa, even when the client asked amr_values=mfa).
        if state.has_mfa:
            return None
        # Passed through a custom control, Entra has nothing more to ask; once the tenant has
        # switched to an external authentication method, the prompt is worth asking again.
        passed = state.third_party_mfa_done
        compatible = third_party_mfa.counts_as_mfa(user.tenant.third_party_mfa)
        return None if passed and not compatible else "entra:third_party_mfa"
    if state.has_mfa:
        return None
    tenant = user.tenant
    if tenant is not None and tenant.is_federated and (
        tenant.federated_idp_mfa_behavior == Tenant.FederatedIdpMfaBehavior.ENFORCE
    ):
        # Back to the federated IdP, asking for MFA; once asked, what it answered stands.
        return None if state.federated_mfa_asked else "entra:federation_mfa"
    # Entra's own MFA: managed users, federated ones whose IdP did none (accept), or always
    # (rejectMfaByFederatedIdp).
    # A user whose only method is a passkey verifies with it (mfa_reauthenticate sends them on).
    return (
        "mfa_reauthenticate"
        if selectors.user_has_entra_mfa_method(user=user)
        else "entra:mfa_register"
    )
