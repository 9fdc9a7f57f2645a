"""Wingtip AD FS driven by a standard OIDC client (Authlib) over real HTTP, as Entra ID's
federation of wingtip.com drives it."""

from __future__ import annotations

import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError
from django.conf import settings

from adfs.models import SignIn, User
from adfs.tests import oidc_client
from adfs.tests.browserless import AdfsBrowser
from adfs.tests.oidc_client import MULTIPLEAUTHN

pytestmark = pytest.mark.django_db(transaction=True)

UPN = "prashob@wingtip.com"
WITH_MFA = ["pwd", "mfa", MULTIPLEAUTHN]


def _skip_mfa(skip: bool = True) -> None:
    User.objects.filter(email=UPN).update(skip_mfa=skip)


def _sign_in_with_mfa(visitor: AdfsBrowser, flow: oidc_client.Flow) -> None:
    visitor.open(flow.url)
    visitor.sign_in(UPN)
    assert visitor.has("mfa-code")
    visitor.enter_code(visitor.totp(UPN))


def test_discovery_names_the_issuer_and_real_endpoints(adfs):
    meta = oidc_client.discovery(adfs)
    assert meta["issuer"] == adfs
    assert meta["id_token_signing_alg_values_supported"] == ["RS256"]
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert MULTIPLEAUTHN in meta["acr_values_supported"]
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        assert meta[name].startswith(adfs)
    keys = requests.get(meta["jwks_uri"], timeout=10).json()["keys"]
    assert keys[0]["kty"] == "RSA"
    assert "d" not in keys[0]


def test_password_then_mfa_puts_mfa_and_multipleauthn_in_amr(visitor, adfs):
    flow = oidc_client.start(adfs)
    _sign_in_with_mfa(visitor, flow)
    assert visitor.callback_query()["state"] == flow.state
    claims = oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)
    assert claims["amr"] == WITH_MFA
    assert isinstance(claims["auth_time"], int)
    assert claims["upn"] == claims["email"] == UPN
    assert (claims["name"], claims["given_name"], claims["family_name"]) == (
        "Prashob Menon", "Prashob", "Menon"
    )


def test_a_user_exempt_from_mfa_signs_in_with_the_password_only(visitor, adfs):
    _skip_mfa()
    flow = oidc_client.start(adfs)
    visitor.open(flow.url)
    visitor.sign_in(UPN)
    assert not visitor.has("mfa-code")
    claims = oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)
    assert claims["amr"] == ["pwd"]
    assert "auth_time" in claims


@pytest.mark.parametrize(
    "params", [{"acr_values": MULTIPLEAUTHN}, {"amr_values": "mfa"}], ids=["acr", "amr"]
)
def test_a_request_for_mfa_gets_it_even_from_an_exempt_user(visitor, adfs, params):
    _skip_mfa()
    flow = oidc_client.start(adfs, **params)
    visitor.open(flow.url)
    visitor.sign_in(UPN)
    assert visitor.has("mfa-code")  # right after the password
    visitor.enter_code(visitor.totp(UPN))
    assert oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)["amr"] == WITH_MFA


def test_a_request_for_mfa_steps_up_a_password_only_session(visitor, adfs):
    _skip_mfa()
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    assert visitor.client_redirect  # signed in with the password only

    flow = oidc_client.start(adfs, acr_values=MULTIPLEAUTHN)
    visitor.open(flow.url)
    assert visitor.has("mfa-code")
    visitor.enter_code(visitor.totp(UPN))
    assert oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)["amr"] == WITH_MFA


def test_turning_mfa_on_asks_a_password_only_session_for_it(visitor, adfs):
    _skip_mfa()
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    _skip_mfa(False)
    visitor.open(oidc_client.start(adfs).url)
    assert visitor.has("mfa-code")


def test_a_session_that_did_mfa_is_not_asked_again(visitor, adfs):
    _sign_in_with_mfa(visitor, oidc_client.start(adfs))
    flow = oidc_client.start(adfs, acr_values=MULTIPLEAUTHN)
    visitor.open(flow.url)
    assert oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)["amr"] == WITH_MFA


def test_prompt_login_asks_for_the_password_again_and_mfa_after_it(visitor, adfs):
    _sign_in_with_mfa(visitor, oidc_client.start(adfs))
    flow = oidc_client.start(adfs, prompt="login")
    visitor.open(flow.url)
    assert visitor.has("signin-password")
    assert not visitor.has("signin-email")  # the same user, the password again
    visitor.enter_password()
    assert visitor.has("mfa-code")  # a new sign-in: MFA again
    visitor.enter_code(visitor.totp(UPN, "next_code"))
    assert oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)["amr"] == WITH_MFA


def test_prompt_login_for_an_exempt_user_gives_a_password_only_sign_in(visitor, adfs):
    _sign_in_with_mfa(visitor, oidc_client.start(adfs))
    _skip_mfa()
    flow = oidc_client.start(adfs, prompt="login")
    visitor.open(flow.url)
    visitor.enter_password()
    # The earlier MFA belonged to the earlier sign-in.
    assert oidc_client.id_token_claims(adfs, flow, visitor.client_redirect)["amr"] == ["pwd"]


def test_prompt_none_that_needs_mfa_is_interaction_required(visitor, adfs):
    _skip_mfa()
    visitor.open(oidc_client.start(adfs).url)
    visitor.sign_in(UPN)
    visitor.open(oidc_client.start(adfs, acr_values=MULTIPLEAUTHN, prompt="none").url)
    assert visitor.callback_query()["error"] == "interaction_required"


def test_prompt_none_for_a_signed_out_visitor_is_login_required(visitor, adfs):
    visitor.open(oidc_client.start(adfs, prompt="none").url)
    assert visitor.callback_query()["error"] == "login_required"


def test_userinfo_answers_with_the_access_token(visitor, adfs):
    flow = oidc_client.start(adfs)
    _sign_in_with_mfa(visitor, flow)
    tokens = oidc_client.redeem(adfs, flow, visitor.client_redirect)
    access = oidc_client.verify(adfs, tokens["access_token"])
    assert access["amr"] == WITH_MFA
    info = flow.session.get(oidc_client.discovery(adfs)["userinfo_endpoint"]).json()
    assert info["upn"] == UPN
    assert info["sub"] == oidc_client.verify(adfs, tokens["id_token"])["sub"]


# --- bad input ---------------------------------------------------------------------------


def test_unknown_client_gets_an_error_page_not_a_redirect(visitor, adfs):
    flow = oidc_client.start(adfs, client_id="not-a-client")
    response = visitor.session.get(flow.url, allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert 'data-testid="idp-error"' in response.text
    assert "not-a-client" in response.text


def test_unregistered_redirect_uri_is_not_followed(visitor, adfs):
    flow = oidc_client.start(adfs)
    evil = flow.url.replace("localhost%3A8001", "evil.example")
    assert evil != flow.url
    response = visitor.session.get(evil, allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "evil.example" in response.text


def test_pkce_plain_is_refused(visitor, adfs):
    flow = oidc_client.start(adfs)
    visitor.open(flow.url.replace("code_challenge_method=S256", "code_challenge_method=plain"))
    query = visitor.callback_query()
    assert query["error"] == "invalid_request"
    assert "S256" in query["error_description"]


def test_wrong_client_secret_is_refused(visitor, adfs):
    flow = oidc_client.start(adfs)
    _sign_in_with_mfa(visitor, flow)
    flow.session.client_secret = "not-the-secret"
    with pytest.raises(OAuthError, match="invalid_client"):
        oidc_client.redeem(adfs, flow, visitor.client_redirect)


def test_a_replayed_code_is_refused_and_revokes_what_it_issued(visitor, adfs):
    flow = oidc_client.start(adfs)
    _sign_in_with_mfa(visitor, flow)
    tokens = oidc_client.redeem(adfs, flow, visitor.client_redirect)
    userinfo = oidc_client.discovery(adfs)["userinfo_endpoint"]
    assert flow.session.get(userinfo).status_code == 200
    with pytest.raises(OAuthError, match="invalid_grant"):
        oidc_client.redeem(adfs, flow, visitor.client_redirect)
    flow.session.token = tokens
    assert flow.session.get(userinfo).status_code == 401  # the first answer's token is revoked


def test_a_code_without_a_sign_in_record_is_refused(visitor, adfs):
    flow = oidc_client.start(adfs)
    _sign_in_with_mfa(visitor, flow)
    SignIn.objects.all().delete()
    with pytest.raises(OAuthError, match="invalid_grant"):
        oidc_client.redeem(adfs, flow, visitor.client_redirect)


def test_the_federation_client_is_seeded_as_entra_needs_it(directory):
    from allauth.idp.oidc.models import Client

    client = Client.objects.get(id=settings.ADFS_FEDERATION_CLIENT_ID)
    assert client.type == Client.Type.CONFIDENTIAL
    assert client.skip_consent
    assert client.get_grant_types() == ["authorization_code"]
    assert client.get_redirect_uris() == [
        f"{settings.IDP_BASE_URL}/accounts/oidc/wingtip-adfs/login/callback/"
    ]
    assert client.check_secret(settings.ADFS_FEDERATION_CLIENT_SECRET)


def test_the_refresh_token_allauth_adds_cannot_be_used(visitor, adfs):
    flow = oidc_client.start(adfs)
    _sign_in_with_mfa(visitor, flow)
    tokens = oidc_client.redeem(adfs, flow, visitor.client_redirect)
    with pytest.raises(OAuthError, match="unauthorized_client"):
        flow.session.refresh_token(
            oidc_client.discovery(adfs)["token_endpoint"], refresh_token=tokens["refresh_token"]
        )


@pytest.mark.security
def test_a_claims_parameter_is_invalid_request_not_a_server_error(visitor, adfs):
    visitor.open(oidc_client.start(adfs, claims="{").url)
    query = visitor.callback_query()
    assert query["error"] == "invalid_request"


@pytest.mark.security
@pytest.mark.parametrize("resource", ["junk", "urn:x", "//x"])
def test_an_odd_resource_at_the_token_endpoint_is_invalid_target(adfs, resource):
    token_endpoint = oidc_client.discovery(adfs)["token_endpoint"]
    response = requests.post(
        token_endpoint,
        data={"grant_type": "client_credentials", "resource": resource},
        auth=(settings.ADFS_FEDERATION_CLIENT_ID, settings.ADFS_FEDERATION_CLIENT_SECRET),
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_target"
