"""ID-token verification: every check refuses the token it exists for.

The provider here is a small HTTP server publishing a discovery document and a JWKS whose keys
the test controls, so that tokens a real IdP would never issue (wrong audience, other issuer,
rotated keys) can be signed.
"""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from accounts.provider import forget_provider
from accounts.tokens import InvalidIdToken, verify_id_token
from testsupport.key_provider import KeyProvider

CLIENT_ID = "4f1c2b9e-7d3a-4c55-9b61-2a8e0c7d1f00"
NONCE = "n-0S6_WzA2Mj"


def _id_token(provider: KeyProvider, *, kid: str = "k1", key=None, alg: str = "RS256",
              **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": provider.issuer, "aud": CLIENT_ID, "sub": "user-1", "tid": "t-1",
        "iat": now, "exp": now + 600, "nonce": NONCE, "amr": ["pwd", "mfa"], **overrides,
    }
    return provider.sign(claims, kid=kid, key=key, alg=alg)


@pytest.fixture
def provider(settings):
    provider = KeyProvider()
    provider.add_key("k1")
    settings.OIDC_AUTHORITY = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_JWKS_REFRESH_COOLDOWN = 0
    forget_provider()
    yield provider
    provider.stop()
    forget_provider()


def test_a_good_token_gives_its_claims(provider):
    claims = verify_id_token(_id_token(provider), nonce=NONCE)
    assert claims["amr"] == ["pwd", "mfa"]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"aud": "another-app"}, "another application"),
        ({"iss": "https://login.microsoftonline.com/other/v2.0"}, "another issuer"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
        ({"nonce": "someone-elses"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"exp": None}, "exp"),
    ],
)
def test_wrong_claims_are_refused(provider, overrides, reason):
    with pytest.raises(InvalidIdToken, match=reason):
        verify_id_token(_id_token(provider, **overrides), nonce=NONCE)


@pytest.mark.security
@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"aud": [CLIENT_ID, "another-app"]}, r"several audiences \(aud\) but no .*\(azp\)"),
        ({"aud": [CLIENT_ID, "another-app"], "azp": "another-app"}, r"another application \(azp"),
        ({"aud": CLIENT_ID, "azp": "another-app"}, r"another application \(azp"),
        ({"aud": [CLIENT_ID], "azp": ""}, r"another application \(azp"),
    ],
)
def test_a_token_for_another_authorized_party_is_refused(provider, overrides, reason):
    # Another application, also among the audiences, could replay its token here.
    with pytest.raises(InvalidIdToken, match=reason):
        verify_id_token(_id_token(provider, **overrides), nonce=NONCE)


@pytest.mark.security
@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        # Found by the property-based tests: each used to be a 500 after verification.
        ({"given_name": ["Alejandra"]}, "'given_name' claim is not a string"),
        ({"family_name": 0}, "'family_name' claim is not a string"),
        ({"roles": 1}, "'roles' claim is not a list of strings"),
        ({"wids": True}, "'wids' claim is not a list of strings"),
        ({"wids": [["x"]]}, "'wids' claim is not a list of strings"),
        ({"amr": 2}, "'amr' claim is not a list of strings"),
        ({"oid": "x" * 151}, "longer than this portal takes"),
        ({"sub": ""}, "no subject"),
    ],
)
def test_claims_of_the_wrong_shape_are_refused(provider, overrides, reason):
    with pytest.raises(InvalidIdToken, match=reason):
        verify_id_token(_id_token(provider, **overrides), nonce=NONCE)


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": [CLIENT_ID, "another-app"], "azp": CLIENT_ID},
        {"aud": CLIENT_ID, "azp": CLIENT_ID},
        {"aud": [CLIENT_ID]},
    ],
)
def test_a_token_authorized_for_this_client_is_accepted(provider, overrides):
    claims = verify_id_token(_id_token(provider, **overrides), nonce=NONCE)
    assert claims["sub"] == "user-1"


def test_symmetric_and_unsigned_tokens_are_refused(provider, settings):
    hs256 = jwt.encode(
        {"iss": provider.issuer, "aud": CLIENT_ID, "sub": "x", "nonce": NONCE},
        settings.OIDC_RP_CLIENT_SECRET, algorithm="HS256",
    )
    with pytest.raises(InvalidIdToken, match="not RS256"):
        verify_id_token(hs256, nonce=NONCE)
    unsigned = jwt.encode({"iss": provider.issuer, "aud": CLIENT_ID}, None, algorithm="none")
    with pytest.raises(InvalidIdToken, match="not RS256"):
        verify_id_token(unsigned, nonce=NONCE)


def test_garbage_is_refused(provider):
    with pytest.raises(InvalidIdToken, match="well-formed"):
        verify_id_token("not.a.jwt", nonce=NONCE)


def test_a_forged_signature_under_a_published_kid_is_refused(provider):
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(InvalidIdToken, match="Signature"):
        verify_id_token(_id_token(provider, kid="k1", key=forger), nonce=NONCE)


def test_keys_are_cached_and_refetched_for_a_new_kid(provider):
    verify_id_token(_id_token(provider), nonce=NONCE)
    verify_id_token(_id_token(provider), nonce=NONCE)
    assert provider.jwks_fetches == 1

    provider.add_key("k2")  # the provider rotates its signing key
    claims = verify_id_token(_id_token(provider, kid="k2"), nonce=NONCE)
    assert claims["sub"] == "user-1"
    assert provider.jwks_fetches == 2


def test_a_kid_the_provider_never_published_is_refused(provider):
    provider.keys["ghost"] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = _id_token(provider, kid="ghost")
    del provider.keys["ghost"]
    with pytest.raises(InvalidIdToken, match="does not publish"):
        verify_id_token(token, nonce=NONCE)
