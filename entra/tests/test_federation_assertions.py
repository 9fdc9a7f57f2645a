"""The federation hop, attacked: what the federated IdP's token endpoint hands Entra must be a
signed, fresh, single-use ID token for Entra, from that IdP, or nobody is signed in.

The federated IdP here is a small HTTP server the test controls (discovery, JWKS, token
endpoint), so that assertions a real AD FS would never issue can be sent.
"""

from __future__ import annotations

import copy
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings

pytestmark = pytest.mark.security

PRASHOB = "prashob@wingtip.com"
CALLBACK = "/accounts/oidc/wingtip-adfs/login/callback/"


class FakeFederatedIdp:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.id_token = ""
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    self._json({
                        "issuer": idp.issuer, "authorization_endpoint": f"{idp.issuer}/authorize",
                        "token_endpoint": f"{idp.issuer}/token", "jwks_uri": f"{idp.issuer}/jwks",
                    })
                elif self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(idp.key.public_key()))
                    self._json({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._json({"access_token": "a", "token_type": "Bearer", "id_token": idp.id_token})

            def log_message(self, *args) -> None:
                """Quiet: pytest shows what matters when a test fails."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://localhost:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def assertion(
        self, *, key=None, alg: str = "RS256", headers: dict | None = None,
        unsigned: bool = False, **claims,
    ) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer, "aud": django_settings.ADFS_FEDERATION_CLIENT_ID, "sub": "s-1",
            "upn": PRASHOB, "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex,
            "amr": ["pwd", "mfa"], **claims,
        }
        body = {name: value for name, value in body.items() if value is not None}
        if unsigned:
            return jwt.encode(body, None, algorithm="none", headers={"kid": "k1"})
        return jwt.encode(body, key or self.key, algorithm=alg, headers=headers or {"kid": "k1"})


@pytest.fixture
def fake_idp(settings, directory):
    idp = FakeFederatedIdp()
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["openid_connect"]["APPS"][0]["settings"]["server_url"] = idp.issuer
    settings.SOCIALACCOUNT_PROVIDERS = providers
    yield idp
    idp.server.shutdown()


def _federated_sign_in(client, fake_idp, id_token: str):
    """Home-realm discovery, then the IdP's answer comes back with ``id_token`` behind it."""
    start = client.post("/accounts/login/", {"login": PRASHOB, "password": ""})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{fake_idp.issuer}/authorize")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    fake_idp.id_token = id_token
    return client.get(CALLBACK, {"code": "a-code", "state": state})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_good_assertion_signs_prashob_in(client, fake_idp):
    response = _federated_sign_in(client, fake_idp, fake_idp.assertion())
    assert response.status_code == 302
    assert _signed_in(client)


def _other_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda idp: idp.assertion(key=_other_key()), id="signed-by-another-key"),
        pytest.param(lambda idp: idp.assertion(unsigned=True), id="unsigned"),
        pytest.param(lambda idp: idp.assertion(alg="HS256", key="shared-secret-guess" * 3),
                     id="hmac-signed"),
        pytest.param(lambda idp: idp.assertion(headers={"typ": "JWT"}), id="no-kid"),
        pytest.param(lambda idp: idp.assertion(aud="another-app"), id="another-audience"),
        pytest.param(lambda idp: idp.assertion(iss="http://localhost:1"), id="another-issuer"),
        pytest.param(lambda idp: idp.assertion(iat=int(time.time()) - 900,
                                               exp=int(time.time()) - 600), id="expired"),
        pytest.param(lambda idp: idp.assertion(nbf=int(time.time()) + 600), id="not-yet-valid"),
        pytest.param(lambda idp: idp.assertion(iat=int(time.time()) + 600), id="issued-later"),
        pytest.param(lambda idp: idp.assertion(jti=None), id="no-jti"),
        pytest.param(lambda idp: "not-a-jwt", id="garbage"),
    ],
)
def test_a_tampered_assertion_signs_nobody_in(client, fake_idp, tamper):
    response = _federated_sign_in(client, fake_idp, tamper(fake_idp))
    assert response.status_code == 401
    assert b'data-testid="federation-error"' in response.content
    assert not _signed_in(client)


def test_a_replayed_assertion_signs_nobody_in(client, fake_idp):
    assertion = fake_idp.assertion()
    assert _federated_sign_in(client, fake_idp, assertion).status_code == 302
    client.post("/accounts/logout/")
    replay = _federated_sign_in(client, fake_idp, assertion)
    assert replay.status_code == 401
    assert not _signed_in(client)


def test_an_assertion_for_a_managed_domains_user_signs_nobody_in(client, fake_idp):
    response = _federated_sign_in(client, fake_idp, fake_idp.assertion(upn="alejandra@contoso.com"))
    assert response.status_code == 403
    assert not _signed_in(client)


def test_an_unknown_state_signs_nobody_in(client, fake_idp):
    fake_idp.id_token = fake_idp.assertion()
    response = client.get(CALLBACK, {"code": "a-code", "state": "forged"})
    assert response.status_code == 401
    assert not _signed_in(client)
