"""A small OpenID provider for tests: a discovery document and a JWKS whose keys the test
controls, so that tokens a real IdP would never issue (wrong audience, other issuer, rotated
keys, another algorithm) can be signed. It listens on loopback and stops with the test.

It also answers a whole authorization-code sign-in, with what the test sets, so that the portal
can meet providers the mock Entra ID cannot imitate: an issuer that is not its URL (Entra's v1
endpoints), ID tokens with ``acrs`` or without ``amr`` (Entra's v2.0 endpoints), profile claims
only in userinfo, RFC 9207's ``iss`` in the authorization response. Every user it signs in is
already signed in: ``/authorize`` answers at once with a code (or ``error``)."""

from __future__ import annotations

import functools
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa


@functools.cache
def _private_key(kid: str) -> rsa.RSAPrivateKey:
    # One key per kid for the whole run: generating RSA keys is the slow part of these tests.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class KeyProvider:
    """``issuer`` is what discovery and tokens name (default: the URL it listens on, ``url``).

    Set before a sign-in: ``id_token_claims`` (added to ``iss``/``aud``/``sub``/``iat``/``exp``/
    ``nonce``; a None value leaves a claim out), ``userinfo`` (None: no userinfo endpoint),
    ``metadata`` (discovery members added or replaced), ``response_iss`` (the ``iss`` parameter
    of authorization responses; None: none), ``error`` (answer authorization with it).
    Read after: ``authorizations`` (each authorization request's query), ``token_requests``,
    ``userinfo_requests``, ``discovery_fetches``, ``jwks_fetches``.
    """

    def __init__(self, *, issuer: str | None = None) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.jwks_fetches = 0
        self.discovery_fetches = 0
        self.metadata: dict[str, Any] = {}
        self.id_token_claims: dict[str, Any] = {}
        self.userinfo: dict[str, Any] | None = None
        self.response_iss: str | None = None
        self.error: str | None = None
        self.subject = "user-1"
        self.authorizations: list[dict[str, str]] = []
        self.userinfo_requests = 0
        self.token_requests = 0
        self._codes: dict[str, dict[str, str]] = {}
        self._access_tokens: set[str] = set()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                if path == "/.well-known/openid-configuration":
                    provider.discovery_fetches += 1
                    self._json(provider.discovery())
                elif path == "/jwks":
                    provider.jwks_fetches += 1
                    self._json({"keys": [provider.public_jwk(kid) for kid in provider.keys]})
                elif path == "/authorize":
                    self.send_response(302)
                    self.send_header("Location", provider._authorize(dict(parse_qsl(query))))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/userinfo" and provider.userinfo is not None:
                    provider.userinfo_requests += 1
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider._access_tokens:
                        self._json({"error": "invalid_token"}, status=401)
                    else:
                        self._json(provider.userinfo)
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                if self.path != "/token":
                    self.send_error(404)
                    return
                answer = provider._token(form)
                self._json(answer, status=400 if "error" in answer else 200)

            def _json(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass  # keep pytest's output for failures

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_port}"
        self.issuer = issuer or self.url
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def discovery(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
        }
        if self.userinfo is not None:
            document["userinfo_endpoint"] = f"{self.url}/userinfo"
        return {**document, **self.metadata}

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

    def answer(self, authorize_url: str) -> str:
        """Where this provider sends the browser back for ``authorize_url`` (a client's
        redirect URI with a code, or an error)."""
        response = requests.get(authorize_url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    def _authorize(self, query: dict[str, str]) -> str:
        self.authorizations.append(query)
        answer = {"state": query.get("state", "")}
        if self.error:
            answer["error"] = self.error
        else:
            code = secrets.token_urlsafe(16)
            self._codes[code] = query
            answer["code"] = code
        if self.response_iss is not None:
            answer["iss"] = self.response_iss
        return f"{query.get('redirect_uri', '')}?{urlencode(answer)}"

    def _token(self, form: dict[str, str]) -> dict[str, Any]:
        self.token_requests += 1
        request = self._codes.pop(form.get("code", ""), None)
        if request is None or form.get("grant_type") != "authorization_code":
            return {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": request.get("client_id"), "sub": self.subject,
            "iat": now, "exp": now + 600, "nonce": request.get("nonce"),
            **self.id_token_claims,
        }
        access_token = secrets.token_urlsafe(24)
        self._access_tokens.add(access_token)
        kid = next(iter(self.keys))
        return {
            "access_token": access_token, "token_type": "Bearer",
            "id_token": self.sign(claims, kid=kid),
        }

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def redirect_target(location: str) -> str:
    """A redirect's path and query, for Django's test client."""
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
