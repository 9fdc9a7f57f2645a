"""A small OpenID provider for tests: a discovery document and a JWKS whose keys the test
controls, so that tokens a real IdP would never issue (wrong audience, other issuer, rotated
keys, another algorithm) can be signed. It listens on loopback and stops with the test."""

from __future__ import annotations

import functools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


@functools.cache
def _private_key(kid: str) -> rsa.RSAPrivateKey:
    # One key per kid for the whole run: generating RSA keys is the slow part of these tests.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class KeyProvider:
    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.jwks_fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    body = {
                        "issuer": provider.issuer,
                        "authorization_endpoint": f"{provider.issuer}/authorize",
                        "token_endpoint": f"{provider.issuer}/token",
                        "jwks_uri": f"{provider.issuer}/jwks",
                    }
                elif self.path == "/jwks":
                    provider.jwks_fetches += 1
                    body = {"keys": [provider.public_jwk(kid) for kid in provider.keys]}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass  # keep pytest's output for failures

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://localhost:{self.server.server_port}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def add_key(self, kid: str) -> None:
        self.keys[kid] = _private_key(kid)

    def public_jwk(self, kid: str) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.keys[kid].public_key()))
        return {**jwk, "kid": kid, "use": "sig", "alg": "RS256"}

    def sign(
        self, claims: dict[str, Any], *, kid: str = "k1", key=None, alg: str = "RS256"
    ) -> str:
        """``claims`` signed with key ``kid`` (or ``key``); a claim whose value is None is left
        out, so that a test can drop one of a default set."""
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key or self.keys[kid], algorithm=alg, headers={"kid": kid})

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
