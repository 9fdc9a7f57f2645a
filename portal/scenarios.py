"""The scenario launcher's scenarios: one row per journey or common issue that has landed.

Data only (the template renders it, ``portal.launcher`` starts it): the persona signs in through
the portal's own sign-in with ``login_hint`` and ``prompt=login``, after the IdP put the persona
back to its seeded state. Add a row when a scenario lands; ``next_path`` is where the sign-in
returns to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from customers.demo_data import ADATUM_TENANT_ID

DEMO_PASSWORD_NOTE = _(
    "Password: the demo password, Passw0rd!Demo (unless DEMO_PASSWORD changes it)."
)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Promise
    upn: str
    brief: Promise
    point_out: tuple[Promise, ...]
    password_note: Promise = DEMO_PASSWORD_NOTE
    next_path: str = "/dashboard/home"
    # Where the story goes on outside the browser (README section), if anywhere.
    more: Promise | None = None
    # The command that goes with ``more``: shown as code, the same in every language.
    more_command: str = ""
    # The persona's account at the federated IdP (Wingtip AD FS), reset by "Start" too.
    adfs_upn: str | None = None
    # The customer tenant whose admin center the story goes on in (service management).
    admin_center_tenant: str | None = None


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "journey1", _("Journey 1: MFA at sign-in"), "alejandra@contoso.com",
        _("Contoso requires Microsoft Entra MFA for every user, so Alejandra verifies with her "
          "authenticator app at sign-in."),
        (
            _("Right after the password: \"Approve sign-in request\" with a number; type it on "
              "her phone (the link below, in a second window) and approve."),
            _("Overview shows amr = pwd, mfa, rsa (pwd, mfa, otp with a code instead); the badge "
              "says \"MFA done\"; the journey trace on the right says why at each step."),
            _("Customers, Support requests, Billing and Security workspace open with no second "
              "prompt."),
        ),
    ),
    Scenario(
        "journey2", _("Journey 2: MFA at a federated identity provider"), "prashob@wingtip.com",
        _("Wingtip is federated to Wingtip AD FS, which does the sign-in and the MFA and passes "
          "it on to Microsoft Entra ID in a compatible way."),
        (
            _("Home-realm discovery sends the browser to Wingtip AD FS, a page design of its own."),
            _("Overview shows amr = fed, mfa; the protected pages open with no second prompt."),
            _("The customer tenant Adatum stands for the source's Contoso customer."),
            _("Example 2's end: open Adatum's admin center (the link below) and add a user; "
              "the page shows the new user's UPN and one-time password."),
        ),
        password_note=_("Leave the password empty at the mock Entra ID; the demo password "
                        "(Passw0rd!Demo) is checked at Wingtip AD FS."),
        adfs_upn="prashob@wingtip.com",
        admin_center_tenant=ADATUM_TENANT_ID,
    ),
    Scenario(
        "journey3", _("Journey 3: MFA at the first protected page"), "john@fabrikam.com",
        _("Fabrikam has no MFA policy: John signs in with a password only; the first protected "
          "page asks him to register an authenticator, then to verify."),
        (
            _("Overview shows amr = pwd; Customers sends the browser back with amr_values=mfa."),
            _("Registration first (QR code or secret, recovery codes), then verification, by "
              "push to his phone or with a passkey instead."),
            _("Start again: the next sign-in is password only and asks for verification only."),
        ),
    ),
    Scenario(
        "journey4", _("Journey 4: third-party MFA that Entra does not count"),
        "trent@wingtiptoys.com",
        _("Wingtip Toys satisfies MFA with a third party's product through a Conditional Access "
          "custom control, which never tells Microsoft Entra ID which method was used."),
        (
            _("Trent passes the Tailspin Verify prompt, yet Overview shows amr = pwd."),
            _("Every MFA area is blocked with the cause and the fix, and nothing loops."),
            _("Switch the tenant to an external authentication method on the IdP's trainer page, "
              "then try again: amr = pwd, mfa."),
        ),
    ),
    Scenario(
        "issue3", _("Common issue 3: a service account"), "svc.automation@fabrikam.com",
        _("A service account gets no exception: it signs in with a password only, and its "
          "App+User calls to the Partner Center API are refused."),
        (
            _("The portal's protected pages ask the service account for MFA like anyone else."),
            _("Its App+User API calls get exactly HTTP 401 Unauthorized - MFA required."),
            _("Automation should use the Secure Application Model (App+User with MFA)."),
        ),
        more=_("README, \"The Partner Center API\": the example client's device code sign-in "
               "as this account shows the 401."),
        more_command="examples/partner_center_api.py device-code",
    ),
    Scenario(
        "issue1", _("Common issue 1: a partner without MFA manages a customer"),
        "john@fabrikam.com",
        _("Fabrikam has no MFA policy, yet John can manage Adatum: Adatum's security defaults "
          "ask him for MFA when he acts in Adatum's tenant, and he registers there and then."),
        (
            _("At the portal John signs in with a password only: Overview shows amr = pwd."),
            _("Open Adatum's admin center (the link below): registration, then verification, "
              "then he adds a user."),
            _("Start again: his next portal sign-in is still password only. Registering for a "
              "customer does not turn MFA on for the partner tenant."),
        ),
        admin_center_tenant=ADATUM_TENANT_ID,
    ),
    Scenario(
        "issue2", _("Common issue 2: users who do not manage customers"),
        "sales.agent@contoso.com",
        _("A sales agent holds no GDAP role: customer tenants' MFA policies do not concern him, "
          "but Partner Center's MFA does."),
        (
            _("Contoso asks MFA at sign-in, like for everyone: no exception."),
            _("Adatum's admin center (the link below) refuses him with \"No GDAP role\", "
              "naming the relationship."),
        ),
        admin_center_tenant=ADATUM_TENANT_ID,
    ),
    Scenario(
        "issue4", _("Common issue 4: no smartphone"), "john@fabrikam.com",
        _("No personal phone at the desk, so no Authenticator app: John registers another "
          "method that Fabrikam allows."),
        (
            _("Billing sends him to the mock Entra ID's registration: a list of the methods "
              "the tenant allows."),
            _("Choose SMS or a voice call: the code arrives on his simulated phone (the link "
              "below); or a hardware OATH token shown on screen."),
            _("Overview then shows amr = pwd, mfa, sms (tel for a call, otp for the token)."),
        ),
        next_path="/billing/",
    ),
    Scenario(
        "issue5", _("Common issue 5: legacy protocols"), "alejandra@contoso.com",
        _("Basic authentication (Outlook 2010, a script with a stored password) cannot answer "
          "an MFA prompt, so the mock Entra ID refuses it the way Entra does."),
        (
            _("The right password gets AADSTS50076 \"you must use multi-factor "
              "authentication\", never \"invalid username or password\"."),
            _("Nothing is issued: no token, no session."),
        ),
        more=_("README, \"Common issue 5: legacy protocols\", with IDP=http://localhost:8001:"),
        more_command="curl -si -u 'alejandra@contoso.com:Passw0rd!Demo' -X POST "
                     "$IDP/legacy/ews/Exchange.asmx",
    ),
)

_BY_ID = {scenario.id: scenario for scenario in SCENARIOS}


def scenario_get(scenario_id: str) -> Scenario | None:
    return _BY_ID.get(scenario_id)
