"""The signing key is parsed once per PEM (``config.idpkit.signing_keys``), not once per token,
and a new PEM is used as soon as it is configured."""

from __future__ import annotations

import jwt
import pytest
from authlib.integrations.requests_client import OAuth2Session

from config.idpkit import signing_keys
from config.idpkit.allauth_internals import jwkkit
from config.settings.devsecrets import generate_rsa_pem
from entra.demo_data import AUTOMATION_CLIENT_ID
from entra.tests import oidc_client

PC_API = "https://api.partnercenter.microsoft.com"

pytestmark = pytest.mark.django_db(transaction=True)


def _app_only_token(idp: str, secret: str) -> str:
    session = OAuth2Session(AUTOMATION_CLIENT_ID, secret)
    tokens = session.fetch_token(
        oidc_client.discovery(idp)["token_endpoint"], grant_type="client_credentials",
        resource=PC_API,
    )
    return tokens["access_token"]


def test_allauth_loads_keys_through_the_cache():
    assert jwkkit.load_jwk_from_pem is signing_keys.signing_key


def test_many_tokens_parse_the_key_once(idp, settings):
    signing_keys._parsed.cache_clear()
    for _ in range(5):
        _app_only_token(idp, settings.ENTRA_AUTOMATION_CLIENT_SECRET)
    oidc_client.discovery(idp)
    info = signing_keys._parsed.cache_info()
    assert info.misses == 1
    assert info.hits >= 4


def test_a_new_pem_signs_at_once_and_is_published(idp, settings):
    old = jwt.get_unverified_header(_app_only_token(idp, settings.ENTRA_AUTOMATION_CLIENT_SECRET))
    settings.IDP_OIDC_PRIVATE_KEY = generate_rsa_pem()
    token = _app_only_token(idp, settings.ENTRA_AUTOMATION_CLIENT_SECRET)
    new = jwt.get_unverified_header(token)
    assert new["kid"] != old["kid"]
    jwks = oidc_client.discovery(idp)["jwks_uri"]
    assert jwt.PyJWKClient(jwks).get_signing_key_from_jwt(token).key_id == new["kid"]


def test_callers_cannot_change_the_cached_jwk():
    pem = generate_rsa_pem()
    jwk, _ = signing_keys.signing_key(pem)
    jwk["use"] = "enc"
    assert "use" not in signing_keys.signing_key(pem)[0]
