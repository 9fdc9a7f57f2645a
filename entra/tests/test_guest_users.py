"""A guest in Contoso (B2B: a Relecloud user invited into the partner tenant): Contoso's policy
applies to the guest, and the tokens say guest (acct=1, idp = the home tenant's issuer)."""

from __future__ import annotations

import pyotp
import pytest

from entra import services
from entra.demo_data import POWERSHELL_CLIENT_ID, TENANTS
from entra.tests import oidc_client

pytestmark = pytest.mark.django_db(transaction=True)

GUEST = "lee_relecloud.com#EXT#@contoso.com"
CONTOSO_TID = next(t.id for t in TENANTS if t.name == "Contoso")
RELECLOUD_TID = next(t.id for t in TENANTS if t.name == "Relecloud")


def test_the_guest_does_mfa_at_sign_in_and_the_token_says_guest(visitor, idp):
    flow = oidc_client.start(idp)
    visitor.open(flow.url)
    visitor.sign_in(GUEST)
    assert 'data-testid="mfa-code"' in visitor.last.text  # Contoso's MFA applies to guests
    visitor.enter_code(pyotp.TOTP(services.demo_totp_secret(GUEST)).now())
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["amr"] == ["pwd", "mfa", "otp"]
    assert claims["tid"] == CONTOSO_TID
    assert claims["acct"] == 1
    assert claims["idp"] == f"https://sts.windows.net/{RELECLOUD_TID}/"


def test_a_member_has_no_guest_claims(visitor, idp):
    flow = oidc_client.start(idp)
    visitor.open(flow.url)
    visitor.sign_in("alejandra@contoso.com")
    visitor.enter_code(visitor.totp("alejandra@contoso.com"))
    tokens = oidc_client.redeem(idp, flow, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert "acct" not in claims
    assert "idp" not in claims
