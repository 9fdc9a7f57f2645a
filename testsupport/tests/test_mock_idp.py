"""The child-process identity providers: Wingtip AD FS starts, speaks OIDC, and agrees with the
mock Entra ID on URLs and the federation secret."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

from testsupport.browser import CSRF_RE, Browser
from testsupport.mock_idp import MockIdp, federation_plan

UPN = "prashob@wingtip.com"
MULTIPLEAUTHN = "http://schemas.microsoft.com/claims/multipleauthn"
NEXT_RE = re.compile(r'name="next" value="([^"]*)"')


def _enter_code(browser: Browser, code: str, *, stop_at: str) -> str:
    """Submit the MFA code and follow AD FS's redirects up to the client's redirect URI (where
    no mock Entra ID listens in this test): the URL the browser was sent to."""
    token = CSRF_RE.search(browser.page.text).group(1)
    response = browser.session.post(
        browser.page.url, data={"code": code, "csrfmiddlewaretoken": token},
        headers={"Referer": browser.page.url}, allow_redirects=False, timeout=20,
    )
    assert response.status_code == 302, response.text
    browser.open(urljoin(browser.page.url, response.headers["Location"]), stop_at=stop_at)
    return browser.hop_to(stop_at)


def test_the_idp_and_the_adfs_share_one_federation(mock_adfs, tmp_path):
    idp = MockIdp(portal_url="http://localhost:8000", workdir=tmp_path, client_secret="x")
    plan = federation_plan()
    assert mock_adfs.url == plan.adfs_url == idp.env["ADFS_BASE_URL"]
    assert idp.url == plan.idp_url == mock_adfs.env["IDP_BASE_URL"]
    assert idp.env["ADFS_FEDERATION_CLIENT_SECRET"] == mock_adfs.env[
        "ADFS_FEDERATION_CLIENT_SECRET"
    ] == plan.client_secret


def _sign_in(adfs, *, mfa: bool) -> dict:
    """Prashob signs in at AD FS for the federation client; the verified ID token's claims."""
    meta = requests.get(f"{adfs.url}/.well-known/openid-configuration", timeout=10).json()
    assert meta["issuer"] == adfs.url
    plan = federation_plan()
    redirect_uri = f"{plan.idp_url}/accounts/oidc/wingtip-adfs/login/callback/"
    client = OAuth2Session(
        "wingtip-entra-federation", plan.client_secret, scope="openid profile email",
        redirect_uri=redirect_uri, code_challenge_method="S256",
    )
    verifier = generate_token(48)
    url, _ = client.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce="n-1", login_hint=UPN
    )
    browser = Browser()
    browser.open(url)
    if mfa:
        browser.sign_in(UPN)
        assert 'data-testid="mfa-code"' in browser.page.text  # AD FS's own MFA
        callback = _enter_code(browser, adfs.totp(UPN), stop_at=redirect_uri)
    else:
        browser.page = _submit_password(browser, stop_at=redirect_uri)
        callback = browser.hop_to(redirect_uri)
    assert "code" in parse_qs(urlsplit(callback).query)
    tokens = client.fetch_token(
        meta["token_endpoint"], authorization_response=callback, code_verifier=verifier
    )
    key = jwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(tokens["id_token"])
    return jwt.decode(tokens["id_token"], key.key, algorithms=["RS256"],
                      audience="wingtip-entra-federation", issuer=adfs.url)


def _submit_password(browser: Browser, *, stop_at: str):
    token = CSRF_RE.search(browser.page.text).group(1)
    next_url = NEXT_RE.search(browser.page.text).group(1)
    response = browser.session.post(
        urljoin(browser.page.url, "/accounts/login/"),
        data={"login": UPN, "password": "Passw0rd!Demo", "next": html.unescape(next_url),
              "csrfmiddlewaretoken": token},
        headers={"Referer": browser.page.url}, allow_redirects=False, timeout=20,
    )
    assert response.status_code == 302, response.text
    return browser.open(urljoin(browser.page.url, response.headers["Location"]), stop_at=stop_at)


def test_the_federation_client_signs_prashob_in_with_mfa(mock_adfs):
    mock_adfs.reset()
    claims = _sign_in(mock_adfs, mfa=True)
    assert claims["amr"] == ["pwd", "mfa", MULTIPLEAUTHN]
    assert claims["upn"] == UPN


def test_the_skip_switch_gives_a_password_only_sign_in(mock_adfs):
    mock_adfs.reset()
    mock_adfs.set_skip_mfa(UPN, skip=True)
    assert _sign_in(mock_adfs, mfa=False)["amr"] == ["pwd"]
