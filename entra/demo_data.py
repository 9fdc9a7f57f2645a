"""The seeded directory: the tenants and personas of the source document's four journeys.

Tenant ids are fixed so that tokens, docs and QA scenarios can name them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop as N_

from entra.models import Role, Tenant

R = Role


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


@dataclass(frozen=True)
class DemoUser:
    upn: str
    given_name: str
    family_name: str
    roles: tuple[Role, ...] = ()
    totp_registered: bool = False
    # English, marked for the catalog; the demo-accounts panel shows it translated.
    story: str = ""

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
    ),
    DemoTenant("9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03", "Fabrikam", "fabrikam.com"),
    DemoTenant(
        "ac4a7d9e-3f1b-4e84-a069-5b8c1dae4f04", "Wingtip Toys", "wingtiptoys.com",
        # Conditional Access for all users, satisfied by a third party's MFA (journey 4).
        mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN,
        third_party_mfa=Tenant.ThirdPartyMfa.CUSTOM_CONTROL,
    ),
    DemoTenant(
        "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05", "Adatum", "adatum.com",
        kind=Tenant.Kind.CUSTOMER, mfa_policy=Tenant.MfaPolicy.EVERY_SIGN_IN,
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
    DemoUser("admin@adatum.com", "Avery", "Adatum", (), True, N_("Customer tenant administrator")),
    DemoUser("svc.automation@fabrikam.com", "Service", "Automation", (R.ADMIN_AGENT,),
             story=N_("Common issue 3: a service account, password only; its App+User API "
                      "calls get 401 MFA required")),
)

PORTAL_CLIENT_NAME = "Partner Center portal"
AUTOMATION_CLIENT_ID = "0c8f4a1e-5b2d-4e6f-9a7c-1d3e5f7a9b11"
POWERSHELL_CLIENT_ID = "1d9a5b2f-6c3e-4f70-8b8d-2e4f6a8b0c22"
NATIVE_REDIRECT_URI = "http://localhost:8400/callback"
