"""Tokens for a customer tenant as the authority (``/<tenant>/identity/o/...``), over real HTTP
with Authlib: who gets in (GDAP), whose MFA policy decides (the customer's), what the tokens
say (``tid`` the customer, ``idp`` the partner's issuer, ``wids`` the GDAP roles), and that a
grant is redeemed only at the authority that issued it."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError

from entra.demo_data import AUTOMATION_CLIENT_ID, NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID
from entra.models import GdapRelationship, Tenant
from entra.tests import oidc_client
from entra.tests.browserless import IdpBrowser

pytestmark = pytest.mark.django_db(transaction=True)

ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
RELECLOUD = "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33"
CONTOSO = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
FABRIKAM = "9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03"
WINGTIP = "8a2e5b7c-1d9f-4c62-8e47-3f6a9b8c2d02"
CONTOSO_ADATUM = "5d0c1f6e-2a3b-4c4d-8e5f-6a7b8c9d0e01"
USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1"
GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
PC_API = "https://api.partnercenter.microsoft.com"
PRASHOB = "prashob@wingtip.com"


def _authority(idp: str, tenant: str = ADATUM) -> str:
    return f"{idp}/{tenant}"


def _callback(visitor: IdpBrowser) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(visitor.client_redirect).query).items()}


def _sign_in(visitor: IdpBrowser, flow, upn: str) -> list[str]:
    """Password, then the code if the user's own tenant asks for MFA at sign-in (Contoso).
    Returns the URLs visited after the last step the user took."""
    visitor.open(flow.url)
    visitor.sign_in(upn)
    if visitor.last is not None and 'data-testid="mfa-code"' in visitor.last.text:
        visited = len(visitor.visited)
        visitor.enter_code(visitor.totp(upn))
        return visitor.visited[visited:]
    return []


def _id_claims(authority: str, flow, visitor: IdpBrowser) -> dict:
    tokens = oidc_client.redeem(authority, flow, visitor.client_redirect)
    return oidc_client.verify(authority, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)


def _register_and_verify(visitor: IdpBrowser, upn: str) -> None:
    page = visitor.last.text
    assert 'data-testid="mfa-register-secret"' in page  # no method yet: registration first
    secret = page.split('data-testid="mfa-register-secret">')[1].split("<")[0]
    visitor.submit({"code": pyotp.TOTP(secret).now()})
    continue_url = visitor.last.text.split('data-testid="mfa-continue"')[0].rsplit('href="', 1)[1]
    visitor.open(continue_url.split('"')[0].replace("&amp;", "&"))
    assert 'data-testid="mfa-code"' in visitor.last.text  # then verification
    visitor.enter_code(visitor.totp(upn))


def test_a_tenants_discovery_names_its_issuer_and_its_endpoints(idp):
    meta = oidc_client.discovery(_authority(idp))
    assert meta["issuer"] == f"{idp}/{ADATUM}"  # the discovery URL's prefix (Discovery 4.3)
    assert meta["authorization_endpoint"] == f"{idp}/{ADATUM}/identity/o/authorize"
    assert meta["token_endpoint"] == f"{idp}/{ADATUM}/identity/o/api/token"
    assert meta["jwks_uri"] == oidc_client.discovery(idp)["jwks_uri"]  # the same keys
    assert meta["grant_types_supported"] == ["authorization_code", "refresh_token"]
    for common_only in ("device_authorization_endpoint", "userinfo_endpoint"):
        assert common_only not in meta
    # A tenant's domain names it too, as at Entra.
    assert oidc_client.discovery(f"{idp}/adatum.com")["issuer"] == f"{idp}/{ADATUM}"


def test_an_agent_who_did_mfa_at_home_gets_a_token_of_the_customer(visitor, idp):
    authority = _authority(idp)
    flow = oidc_client.start(authority, resource=PC_API)
    after_mfa = _sign_in(visitor, flow, "admin.agent@contoso.com")  # Contoso: MFA at sign-in
    query = _callback(visitor)
    assert "code" in query
    assert query["state"] == flow.state
    # Adatum's security defaults asked nothing more: the session's MFA satisfies it.
    assert after_mfa
    assert not any("/mfa/" in url or "/2fa/" in url for url in after_mfa), after_mfa
    tokens = oidc_client.redeem(authority, flow, visitor.client_redirect)
    claims = oidc_client.verify(authority, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["iss"] == f"{idp}/{ADATUM}"
    assert claims["tid"] == ADATUM
    assert claims["idp"] == f"https://sts.windows.net/{CONTOSO}/"
    assert claims["wids"] == [USER_ADMINISTRATOR]
    assert "roles" not in claims  # AdminAgent is Contoso's Partner Center role, not Adatum's
    assert claims["amr"] == ["pwd", "mfa", "otp"]
    assert claims["upn"] == "admin.agent@contoso.com"
    access = oidc_client.verify(
        authority, tokens["access_token"], audience=PC_API,
        issuer=f"https://sts.windows.net/{ADATUM}/",
    )
    assert (access["tid"], access["idp"], access["wids"]) == (
        ADATUM, f"https://sts.windows.net/{CONTOSO}/", [USER_ADMINISTRATOR]
    )
    assert "roles" not in access
    assert access["amr"] == ["pwd", "mfa", "otp"]


def test_a_password_only_agent_registers_then_verifies_for_the_customer(visitor, idp):
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    visitor.open(flow.url)
    visitor.sign_in("john@fabrikam.com")  # Fabrikam asks nothing at sign-in ...
    _register_and_verify(visitor, "john@fabrikam.com")  # ... Adatum's security defaults do
    claims = _id_claims(authority, flow, visitor)
    assert (claims["tid"], claims["amr"]) == (ADATUM, ["pwd", "mfa", "otp"])
    assert claims["idp"] == f"https://sts.windows.net/{FABRIKAM}/"


def test_with_the_customers_policy_off_the_password_is_enough_unless_the_client_steps_up(
    visitor, idp
):
    Tenant.objects.filter(pk=ADATUM).update(customer_mfa_policy=Tenant.CustomerMfaPolicy.OFF)
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    visitor.open(flow.url)
    visitor.sign_in("john@fabrikam.com")
    claims = _id_claims(authority, flow, visitor)
    assert (claims["tid"], claims["amr"]) == (ADATUM, ["pwd"])
    # The step-up parameters still work under a tenant's authority.
    stepped = oidc_client.start(authority, amr_values="mfa")
    visitor.open(stepped.url)
    assert 'data-testid="mfa-register-secret"' in visitor.last.text


def test_the_customers_own_admin_under_its_authority_is_as_usual(visitor, idp):
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    _sign_in(visitor, flow, "admin@adatum.com")
    claims = _id_claims(authority, flow, visitor)
    assert (claims["tid"], claims["amr"]) == (ADATUM, ["pwd", "mfa", "otp"])
    assert "idp" not in claims


@pytest.mark.parametrize(
    ("upn", "missing"),
    [
        # Contoso's sales agents group has no role in the Contoso-Adatum relationship.
        ("sales.agent@contoso.com", "No GDAP role of the relationship with Adatum"),
        # Wingtip Toys' relationship with Adatum waits for approval.
        ("trent@wingtiptoys.com", "Wingtip Toys has no active GDAP relationship with Adatum"),
    ],
)
def test_without_a_gdap_role_reaching_the_agent_the_client_gets_access_denied(
    visitor, idp, upn, missing
):
    flow = oidc_client.start(_authority(idp))
    _sign_in(visitor, flow, upn)
    assert visitor.last is None, visitor.last.url
    query = _callback(visitor)
    assert "code" not in query
    assert query["error"] == "access_denied"
    assert query["state"] == flow.state
    assert query["error_description"].startswith(
        f"AADSTS50020: User account '{upn}' from identity provider 'https://sts.windows.net/"
    )
    assert "does not exist in tenant 'Adatum'" in query["error_description"]
    assert missing in query["error_description"]


def test_a_terminated_relationship_refuses_the_code_and_then_the_refresh(visitor, idp):
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    _sign_in(visitor, flow, "admin.agent@contoso.com")
    tokens = oidc_client.redeem(authority, flow, visitor.client_redirect)
    GdapRelationship.objects.filter(pk=CONTOSO_ADATUM).update(
        status=GdapRelationship.Status.TERMINATED
    )
    with pytest.raises(OAuthError) as refused:
        flow.session.refresh_token(
            oidc_client.discovery(authority)["token_endpoint"],
            refresh_token=tokens["refresh_token"],
        )
    assert refused.value.error == "invalid_grant"
    assert "AADSTS50020" in refused.value.description
    again = oidc_client.start(authority)
    visitor.open(again.url)  # signed in already: straight to the refusal
    assert _callback(visitor)["error"] == "access_denied"


def test_a_refresh_keeps_the_customer_tenant(visitor, idp):
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    _sign_in(visitor, flow, "admin.agent@contoso.com")
    tokens = oidc_client.redeem(authority, flow, visitor.client_redirect)
    refreshed = flow.session.refresh_token(
        oidc_client.discovery(authority)["token_endpoint"],
        refresh_token=tokens["refresh_token"],
    )
    access = oidc_client.verify(authority, refreshed["access_token"],
                                audience=POWERSHELL_CLIENT_ID)
    assert (access["tid"], access["wids"]) == (ADATUM, [USER_ADMINISTRATOR])
    assert access["amr"] == ["pwd", "mfa", "otp"]
    # At the common authority the same refresh token is not redeemable.
    with pytest.raises(OAuthError) as refused:
        flow.session.refresh_token(
            oidc_client.discovery(idp)["token_endpoint"],
            refresh_token=refreshed["refresh_token"],
        )
    assert refused.value.error == "invalid_grant"


@pytest.mark.parametrize("elsewhere", [RELECLOUD, None])
def test_a_code_is_redeemed_only_at_the_authority_that_issued_it(visitor, idp, elsewhere):
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    _sign_in(visitor, flow, "admin.agent@contoso.com")
    other = _authority(idp, elsewhere) if elsewhere else idp
    with pytest.raises(OAuthError) as refused:
        oidc_client.redeem(other, flow, visitor.client_redirect)
    assert refused.value.error == "invalid_grant"
    assert ADATUM in refused.value.description
    # A common-authority code is not redeemable under a tenant's authority either.
    common = oidc_client.start(idp)
    visitor.open(common.url)
    with pytest.raises(OAuthError) as refused:
        oidc_client.redeem(authority, common, visitor.client_redirect)
    assert refused.value.error == "invalid_grant"


@pytest.mark.parametrize(
    "tenant", ["not-a-tenant", "00000000-0000-0000-0000-000000000000", "nowhere.example"]
)
def test_an_unknown_tenant_in_the_path_is_a_400_page_never_a_redirect(visitor, idp, tenant):
    flow = oidc_client.start(idp)  # a valid request otherwise, for a registered client
    url = flow.url.replace(f"{idp}/identity/", f"{idp}/{tenant}/identity/")
    response = requests.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "AADSTS90002" in response.text
    token = requests.post(
        f"{idp}/{tenant}/identity/o/api/token",
        data={"grant_type": "authorization_code", "code": "x", "client_id": POWERSHELL_CLIENT_ID,
              "redirect_uri": NATIVE_REDIRECT_URI},
        timeout=10,
    )
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_request"
    assert requests.get(
        f"{idp}/{tenant}/.well-known/openid-configuration", timeout=10
    ).status_code == 400


def test_a_tenants_token_endpoint_issues_no_app_only_token(idp, settings):
    response = requests.post(
        f"{idp}/{ADATUM}/identity/o/api/token",
        data={"grant_type": "client_credentials", "resource": PC_API},
        auth=(AUTOMATION_CLIENT_ID, settings.ENTRA_AUTOMATION_CLIENT_SECRET), timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def _behavior(client, behavior: str) -> None:
    response = client.post(
        "/qa/domains/wingtip.com/federation",
        data=json.dumps({"federatedIdpMfaBehavior": behavior}), content_type="application/json",
    )
    assert response.status_code == 200


def _adfs_code(adfs) -> str:
    return requests.get(f"{adfs.url}/qa/users/{PRASHOB}/totp", timeout=10).json()["code"]


@pytest.mark.parametrize(
    ("policy", "amr"),
    [(Tenant.CustomerMfaPolicy.SECURITY_DEFAULTS, ["fed", "mfa"]),
     (Tenant.CustomerMfaPolicy.OFF, ["fed"])],
)
def test_a_federated_agent_does_mfa_at_its_idp_when_the_customer_asks(
    idp, federation, client, policy, amr
):
    """enforceMfaByFederatedIdp, and AD FS skipped its own MFA at sign-in: under Adatum's
    authority Adatum's policy decides whether Entra sends Prashob back to AD FS for MFA."""
    _behavior(client, "enforceMfaByFederatedIdp")
    federation.set_skip_mfa(PRASHOB, skip=True)
    Tenant.objects.filter(pk=ADATUM).update(customer_mfa_policy=policy)
    authority = _authority(idp)
    flow = oidc_client.start(authority)
    browser = IdpBrowser(idp, other_origins=(federation.url,))
    browser.open(flow.url)
    browser.sign_in(PRASHOB, password="")  # home-realm discovery: to Wingtip AD FS
    browser.sign_in(PRASHOB)  # password at AD FS
    if amr == ["fed", "mfa"]:
        assert browser.last.url.startswith(federation.url)  # sent back to AD FS for MFA
        assert 'data-testid="mfa-code"' in browser.last.text
        browser.enter_code(_adfs_code(federation))
    claims = _id_claims(authority, flow, browser)
    assert claims["amr"] == amr
    assert claims["tid"] == ADATUM
    assert claims["idp"] == f"https://sts.windows.net/{WINGTIP}/"


def test_a_consent_posted_under_a_tenants_authority_is_checked_again(client):
    """The consent form's signed request proves nothing about the tenant: an agent without a
    GDAP role who posts one to Adatum's authority gets a 403 page, no code."""
    from entra.seeding import seed_demo_directory

    seed_demo_directory()
    client.post("/accounts/login/", {"login": "john@fabrikam.com", "password": "Passw0rd!Demo"})
    response = client.post(f"/{RELECLOUD}/identity/o/authorize", {"request": "x"})
    assert response.status_code == 403
    assert "Location" not in response
    assert b"Relecloud" in response.content
