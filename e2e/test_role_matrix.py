"""The role matrix: every role persona (MFA at sign-in, Contoso) against every area."""

from __future__ import annotations

import pytest

from e2e.pages.portal import AREA_PATHS

# "Mandating MFA for your partner tenant", the role matrix: who may open the MFA-protected areas.
MAY_OPEN = {
    "admin.agent@contoso.com": {"customers", "support", "billing", "security"},
    "sales.agent@contoso.com": {"customers"},
    "helpdesk.agent@contoso.com": {"customers", "support"},
    "security.admin@contoso.com": {"billing", "security"},
    "billing.admin@contoso.com": {"billing"},
    "no.role@contoso.com": set(),
}
OPEN_TO_EVERYONE = {"overview", "servicehealth"}


@pytest.mark.parametrize("upn", list(MAY_OPEN))
def test_persona_against_every_area(signed_in_as, upn):
    pc = signed_in_as(upn)
    for area in AREA_PATHS:
        pc.click_area(area)
        if area in OPEN_TO_EVERYONE or area in MAY_OPEN[upn]:
            pc.expect_area(area)
        else:
            pc.expect_denied(area)
