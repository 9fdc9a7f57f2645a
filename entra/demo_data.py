"""The seeded directory: the tenants and personas of the source document's four journeys.

Tenant ids are fixed so that tokens, docs and QA scenarios can name them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop as N_

from entra.gdap import roles as gdap_roles
from entra.models import AuthenticationMethod, Role, Tenant

GLOBAL_ADMINISTRATOR = gdap_roles.GLOBAL_ADMINISTRATOR.template_id
USER_ADMINISTRATOR = gdap_roles.USER_ADMINISTRATOR.template_id
HELPDESK_ADMINISTRATOR = gdap_roles.HELPDESK_ADMINISTRATOR.template_id
GLOBAL_READER = gdap_roles.GLOBAL_READER.template_id

R = Role
M = AuthenticationMethod


@dataclass(frozen=True)
class DemoTenant:
    id: str
    name: str
    domain: str
    kind: str = Tenant.Kind.PARTNER
    mfa_policy: str = Tenant.MfaPolicy.NONE
    sign_in_kind: str = Tenant.SignInKind.MANAGED
    third_party_mfa: str = ""
    federation_provider: str = ""
    region_scope: str = "NA"
    customer_mfa_policy: str = Tenant.CustomerMfaPolicy.OFF
    # Entra's authentication methods policy (common issue 4): what users may register.
    authentication_methods: tuple[str, ...] = tuple(AuthenticationMethod.values)


@dataclass(frozen=True)
class DemoUser:
    upn: str
    given_name: str
    family_name: str
    roles: tuple[Role, ...] = ()
    totp_registered: bool = False
    # English, marked for the catalog; the demo-accounts panel shows it translated.
    story: str = ""
    # Entra directory roles in the user's own tenant (entra.gdap.roles template ids).
    directory_roles: tuple[str, ...] = ()
    # A guest (B2B): the domain of the tenant the user comes from, and their own address.
    guest_of: str = ""
    mail: str = ""

    @property
    def domain(self) -> str:
        return self.upn.split("@", 1)[1]


@dataclass(frozen=True)
class DemoClient:
    id: str
    name: str
    grant_types: tuple[str, ...]
    redirect_uris: tuple[str, ...] = ()
    post_logout_redirect_uris: tuple[str, ...] = ()
    # The setting holding the client's secret; None for a public client (PKCE, no secret).
    secret_setting: str | None = None
    tenant_domain: str | None = None


TENANTS = (
    DemoTenant(
        "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01", "Contoso", "contoso.com",
        mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN,
    ),
    DemoTenant(
        "8a2e5b7c-1d9f-4c62-8e47-3f6a9b8c2d02", "Wingtip", "wingtip.com",
        # MFA for all users, done at the federated IdP (Wingtip AD FS) and passed to Entra.
        mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN,
        sign_in_kind=Tenant.SignInKind.FEDERATED,
        federation_provider=settings.ADFS_FEDERATION_PROVIDER_ID,
        # Entra's own methods only matter under rejectMfaByFederatedIdp: the phishing-resistant
        # and app methods, no SMS or voice (Microsoft's advice to move off telephony).
        authentication_methods=(M.MICROSOFT_AUTHENTICATOR, M.FIDO2, M.HARDWARE_OATH),
    ),
    DemoTenant("9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03", "Fabrikam", "fabrikam.com"),
    DemoTenant(
        "ac4a7d9e-3f1b-4e84-a069-5b8c1dae4f04", "Wingtip Toys", "wingtiptoys.com",
        # Conditional Access for all users, satisfied by a third party's MFA (journey 4).
        mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN,
        third_party_mfa=Tenant.ThirdPartyMfa.CUSTOM_CONTROL,
        # Its MFA is Tailspin Verify's; Entra registers none of its own for these users.
        authentication_methods=(M.MICROSOFT_AUTHENTICATOR,),
    ),
    DemoTenant(
        "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05", "Adatum", "adatum.com",
        kind=Tenant.Kind.CUSTOMER, mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN,
        # Journey 2's customer (the source's customer "Contoso"): every admin acting in it,
        # partner agents included, does MFA.
        customer_mfa_policy=Tenant.CustomerMfaPolicy.SECURITY_DEFAULTS,
        # Security defaults: the Authenticator app is the only method (the source's common
        # issue 4, which is why a partner without smartphones needs another policy).
        authentication_methods=(M.MICROSOFT_AUTHENTICATOR,),
    ),
    # The portal's demo customer of that id (customers.demo_data.DEMO_CUSTOMERS): no policy.
    DemoTenant(
        "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33", "Relecloud", "relecloud.com",
        kind=Tenant.Kind.CUSTOMER, region_scope="AS",
    ),
)

USERS = (
    DemoUser("alejandra@contoso.com", "Alejandra", "Camino", (R.ADMIN_AGENT,), True,
             N_("Journey 1: Contoso enforces Entra MFA at every sign-in.")),
    DemoUser("prashob@wingtip.com", "Prashob", "Menon", (R.ADMIN_AGENT,),
             story=N_("Journey 2: Wingtip is federated; sign-in and MFA at Wingtip AD FS.")),
    DemoUser("john@fabrikam.com", "John", "Doe", (R.ADMIN_AGENT,),
             story=N_("Journey 3: no MFA policy; registers MFA at the first protected page.")),
    DemoUser("trent@wingtiptoys.com", "Trent", "Nguyen", (R.ADMIN_AGENT,),
             story=N_("Journey 4: third-party MFA (Tailspin Verify) that Entra does not count.")),
    DemoUser("admin.agent@contoso.com", "Ada", "Admin", (R.ADMIN_AGENT,), True, N_("Admin agent")),
    DemoUser("sales.agent@contoso.com", "Sam", "Sales", (R.SALES_AGENT,), True, N_("Sales agent")),
    DemoUser("helpdesk.agent@contoso.com", "Hana", "Helpdesk", (R.HELPDESK_AGENT,), True,
             N_("Helpdesk agent")),
    DemoUser("security.admin@contoso.com", "Sora", "Security", (R.SECURITY_ADMIN,), True,
             N_("Security administrator")),
    DemoUser("billing.admin@contoso.com", "Bill", "Billing", (R.BILLING_ADMIN,), True,
             N_("Billing administrator")),
    DemoUser("no.role@contoso.com", "Noa", "Norole", (), True, N_("No Partner Center role")),
    DemoUser("admin@adatum.com", "Avery", "Adatum", (), True, N_("Customer tenant administrator"),
             directory_roles=(GLOBAL_ADMINISTRATOR,)),
    DemoUser("lee_relecloud.com#EXT#@contoso.com", "Lee", "Park", (R.SALES_AGENT,), True,
             N_("A guest from Relecloud in Contoso: Contoso's MFA applies to guests too"),
             guest_of="relecloud.com", mail="lee@relecloud.com"),
    DemoUser("svc.automation@fabrikam.com", "Service", "Automation", (R.ADMIN_AGENT,),
             story=N_("Common issue 3: a service account, password only; its App+User API "
                      "calls get 401 MFA required")),
)

PORTAL_CLIENT_NAME = "Partner Center portal"
AUTOMATION_CLIENT_ID = "0c8f4a1e-5b2d-4e6f-9a7c-1d3e5f7a9b11"
POWERSHELL_CLIENT_ID = "1d9a5b2f-6c3e-4f70-8b8d-2e4f6a8b0c22"
NATIVE_REDIRECT_URI = "http://localhost:8400/callback"


@dataclass(frozen=True)
class DemoGroup:
    """A partner tenant's security group (GDAP access assignments name groups)."""

    domain: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class DemoRelationship:
    id: str
    partner_domain: str
    customer_domain: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    # (group name in the partner tenant, roles of the relationship it gets)
    assignments: tuple[tuple[str, tuple[str, ...]], ...] = ()
    duration: str = "P730D"


GROUPS = (
    DemoGroup("contoso.com", "Admin agents", ("admin.agent@contoso.com", "alejandra@contoso.com")),
    # Sales agents manage no customer: the group has no role in any relationship.
    DemoGroup("contoso.com", "Sales agents", ("sales.agent@contoso.com",)),
    DemoGroup("contoso.com", "Helpdesk agents", ("helpdesk.agent@contoso.com",)),
    DemoGroup("wingtip.com", "Admin agents", ("prashob@wingtip.com",)),
    DemoGroup("fabrikam.com", "Admin agents", ("john@fabrikam.com",)),
    DemoGroup("wingtiptoys.com", "Admin agents", ("trent@wingtiptoys.com",)),
)

RELATIONSHIPS = (
    DemoRelationship(
        "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e01", "contoso.com", "adatum.com",
        "Contoso_Adatum_UserAdmin", (USER_ADMINISTRATOR, HELPDESK_ADMINISTRATOR), True,
        (("Admin agents", (USER_ADMINISTRATOR,)), ("Helpdesk agents", (HELPDESK_ADMINISTRATOR,))),
    ),
    DemoRelationship(
        "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e02", "wingtip.com", "adatum.com",
        "Wingtip_Adatum_UserAdmin", (USER_ADMINISTRATOR,), True,
        (("Admin agents", (USER_ADMINISTRATOR,)),),
    ),
    DemoRelationship(
        "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e03", "fabrikam.com", "adatum.com",
        "Fabrikam_Adatum_UserAdmin", (USER_ADMINISTRATOR,), True,
        (("Admin agents", (USER_ADMINISTRATOR,)),),
    ),
    # Waiting for Adatum's admin (admin@adatum.com) to approve or reject it.
    DemoRelationship(
        "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e04", "wingtiptoys.com", "adatum.com",
        "WingtipToys_Adatum_Reader", (GLOBAL_READER,), False,
        (("Admin agents", (GLOBAL_READER,)),), duration="P180D",
    ),
    DemoRelationship(
        "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e05", "contoso.com", "relecloud.com",
        "Contoso_Relecloud_UserAdmin", (USER_ADMINISTRATOR,), True,
        (("Admin agents", (USER_ADMINISTRATOR,)),),
    ),
)
