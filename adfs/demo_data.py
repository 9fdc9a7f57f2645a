"""Wingtip AD FS's seeded directory: Prashob of journey 2 ("Mandating MFA for your partner
tenant", example 2: his tenant is federated and the federated IdP does the MFA)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class DemoUser:
    upn: str
    given_name: str
    family_name: str
    skip_mfa: bool = False
    # English, marked for the catalog; the demo-accounts panel shows it translated.
    story: str = ""


USERS = (
    DemoUser(
        "prashob@wingtip.com", "Prashob", "Menon",
        story=N_("Journey 2: signs in and does MFA here; Entra ID accepts the MFA."),
    ),
)

FEDERATION_CLIENT_NAME = "Microsoft Entra ID (wingtip.com federation)"
