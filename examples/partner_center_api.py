"""Call the simulator's Partner Center API the way partner automation does, and see Partner
Center's answers: 200, the exact "401 Unauthorized - MFA required", the app-only 403.

Uses Authlib (a well-known OAuth 2.0 client library) against the mock Entra ID: nothing here is
specific to the simulator except the default URLs, so the same code works against Entra ID with
its authority and your app registration.

    .venv/bin/python examples/partner_center_api.py app-only
    .venv/bin/python examples/partner_center_api.py app-user      # authorization code + PKCE
    .venv/bin/python examples/partner_center_api.py device-code   # sign in on another device
    .venv/bin/python examples/partner_center_api.py refresh --refresh-token <token>
    .venv/bin/python examples/partner_center_api.py qa-token --upn john@fabrikam.com --amr pwd
    .venv/bin/python examples/partner_center_api.py app-user --tenant adatum.com
        # the customer tenant as the authority: prints the token's verified claims

Run ``make demo`` first. The automation app's secret is ``AUTOMATION_CLIENT_SECRET`` or, in
demo mode, the one ``make demo`` generated in ``var/secrets/automation_client_secret``.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import secrets
import sys
import threading
import time
import webbrowser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError

PARTNER_CENTER_API = "https://api.partnercenter.microsoft.com"
AUTOMATION_APP = "0c8f4a1e-5b2d-4e6f-9a7c-1d3e5f7a9b11"  # confidential: secret
POWERSHELL_APP = "1d9a5b2f-6c3e-4f70-8b8d-2e4f6a8b0c22"  # public: PKCE, device code
REDIRECT_URI = "http://localhost:8400/callback"
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
# A customer of every demo partner with a GDAP relationship (customers/demo_data.py): its users
# are an operation that needs a GDAP role in the customer's tenant.
ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"
ROOT = Path(__file__).resolve().parent.parent


def automation_secret() -> str:
    secret = os.environ.get("AUTOMATION_CLIENT_SECRET")
    if secret:
        return secret
    path = ROOT / "var" / "secrets" / "automation_client_secret"
    if not path.exists():
        sys.exit("Set AUTOMATION_CLIENT_SECRET (or run `make demo` once to generate it).")
    return path.read_text().strip()


def discovery(idp: str) -> dict[str, Any]:
    response = requests.get(f"{idp}/.well-known/openid-configuration", timeout=10)
    response.raise_for_status()
    return response.json()


def authority(idp: str, tenant: str | None) -> str:
    """Entra's authority: the common one, or ``<idp>/<tenant id or domain>`` (as
    ``https://login.microsoftonline.com/<tenant>``); each has its own discovery document."""
    return f"{idp.rstrip('/')}/{tenant}" if tenant else idp


def verified_claims(authority_url: str, token: str) -> dict[str, Any]:
    """The token's claims, its signature checked against the authority's published keys."""
    # joserfc: Authlib's own JOSE library (a dependency of Authlib), which replaces authlib.jose.
    from joserfc import jwt
    from joserfc.jwk import KeySet

    keys = KeySet.import_key_set(
        requests.get(discovery(authority_url)["jwks_uri"], timeout=10).json()
    )
    decoded = jwt.decode(token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(exp={"essential": True}).validate(decoded.claims)
    return dict(decoded.claims)


def app_only_token(idp: str, *, client_id: str, client_secret: str) -> dict[str, Any]:
    """Client credentials: the application itself, no user (app-only)."""
    session = OAuth2Session(client_id, client_secret)
    return session.fetch_token(
        discovery(idp)["token_endpoint"], grant_type="client_credentials",
        resource=PARTNER_CENTER_API,
    )


def authorization_request(
    idp: str, *, client_id: str, client_secret: str | None
) -> tuple[OAuth2Session, str, str, str]:
    """Authorization code with PKCE, first half: (session, URL to open, state, verifier)."""
    session = OAuth2Session(
        client_id, client_secret, scope="openid profile",
        redirect_uri=REDIRECT_URI, code_challenge_method="S256",
    )
    verifier = generate_token(48)
    url, state = session.create_authorization_url(
        discovery(idp)["authorization_endpoint"], code_verifier=verifier,
        nonce=secrets.token_urlsafe(16), resource=PARTNER_CENTER_API,
    )
    return session, url, state, verifier


def redeem(idp: str, session: OAuth2Session, *, callback: str, state: str,
           verifier: str) -> dict[str, Any]:
    """Second half: the code of the callback URL, for tokens (PKCE verifier, state checked)."""
    if parse_qs(urlsplit(callback).query).get("state") != [state]:
        raise ValueError("The callback's state is not this sign-in's: refusing it.")
    return session.fetch_token(
        discovery(idp)["token_endpoint"], authorization_response=callback,
        code_verifier=verifier,
    )


def app_user_token(idp: str, *, client_id: str, client_secret: str | None) -> dict[str, Any]:
    """App+User, interactively: the user signs in in a browser (MFA as the tenant asks); the
    code comes back to a one-shot server on ``REDIRECT_URI``."""
    session, url, state, verifier = authorization_request(
        idp, client_id=client_id, client_secret=client_secret
    )
    print(f"Sign in in the browser (or open {url})")
    callback = _wait_for_callback(lambda: webbrowser.open(url))
    return redeem(idp, session, callback=callback, state=state, verifier=verifier)


def _wait_for_callback(open_browser) -> str:
    received: list[str] = []

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(f"http://localhost:8400{self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"Signed in: you can close this window.")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 8400), Callback)
    server.timeout = 300
    threading.Thread(target=open_browser, daemon=True).start()
    server.handle_request()
    server.server_close()
    if not received:
        sys.exit("No sign-in came back within 5 minutes.")
    return received[0]


def _print_code(device: dict[str, Any]) -> None:
    print(f"Open {device['verification_uri']} and enter the code {device['user_code']}.")


def device_code_token(idp: str, *, client_id: str = POWERSHELL_APP,
                      show_code=_print_code) -> dict[str, Any]:
    """Device code (RFC 8628), as a CLI does: the user signs in on any browser with a code."""
    metadata = discovery(idp)
    started = requests.post(
        metadata["device_authorization_endpoint"],
        data={"client_id": client_id, "scope": "openid profile",
              "resource": PARTNER_CENTER_API},
        timeout=10,
    )
    started.raise_for_status()
    device = started.json()
    show_code(device)
    session = OAuth2Session(client_id, token_endpoint_auth_method="none")  # noqa: S106
    interval = device.get("interval", 5)
    deadline = time.monotonic() + device["expires_in"]
    while time.monotonic() < deadline:
        time.sleep(interval)
        try:
            return session.fetch_token(
                metadata["token_endpoint"], grant_type=DEVICE_CODE_GRANT,
                device_code=device["device_code"],
            )
        except OAuthError as error:
            if error.error == "slow_down":
                interval += 5
            elif error.error != "authorization_pending":
                raise
    sys.exit("The code expired before anyone signed in.")


def refreshed_token(idp: str, *, client_id: str, client_secret: str | None,
                    refresh_token: str) -> dict[str, Any]:
    """The Secure Application Model's unattended step: a refresh token from an earlier
    interactive sign-in (with MFA) becomes a new access token, with that sign-in's amr."""
    session = OAuth2Session(client_id, client_secret)
    return session.refresh_token(
        discovery(idp)["token_endpoint"], refresh_token=refresh_token,
        resource=PARTNER_CENTER_API,
    )


def qa_token(idp: str, *, upn: str, amr: list[str]) -> dict[str, Any]:
    """A token minted by the simulator's QA API (demo and test mode only): any amr at once."""
    response = requests.post(f"{idp}/qa/tokens", json={"upn": upn, "amr": amr}, timeout=10)
    response.raise_for_status()
    return response.json()


def call(portal: str, access_token: str, path: str) -> requests.Response:
    return requests.get(
        f"{portal}{path}", headers={"Authorization": f"Bearer {access_token}"}, timeout=10
    )


def show(response: requests.Response, say=print) -> None:
    """The status line as the server sent it (reason phrase included), the challenge, the body."""
    say(f"GET {urlsplit(response.url).path}\n  HTTP/1.1 {response.status_code} {response.reason}")
    if "WWW-Authenticate" in response.headers:
        say(f"  WWW-Authenticate: {response.headers['WWW-Authenticate']}")
    body = response.json()
    say("  " + json.dumps(body if "code" in body else {"totalCount": body.get("totalCount")}))


def demo_calls(portal: str, access_token: str, say=print) -> list[requests.Response]:
    """Three calls that show the rules: a partner-side read, a billing read, and an operation
    that needs a GDAP role in the customer's tenant."""
    responses = [
        call(portal, access_token, path)
        for path in ("/v1/customers", "/v1/invoices", f"/v1/customers/{ADATUM}/users")
    ]
    for response in responses:
        show(response, say)
    return responses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "flow", choices=("app-only", "app-user", "device-code", "refresh", "qa-token")
    )
    parser.add_argument("--idp", default=os.environ.get("IDP_BASE_URL", "http://localhost:8001"))
    parser.add_argument("--portal",
                        default=os.environ.get("PORTAL_BASE_URL", "http://localhost:8000"))
    parser.add_argument("--refresh-token")
    parser.add_argument("--upn", default="john@fabrikam.com")
    parser.add_argument("--amr", default="pwd", help="comma-separated, for qa-token")
    parser.add_argument(
        "--tenant",
        help="app-user and refresh: this customer tenant (id or domain) as the authority; "
             "prints the token's claims (tid = the customer, idp = your partner tenant)",
    )
    args = parser.parse_args(argv)
    if args.tenant and args.flow not in ("app-user", "refresh"):
        # The simulator confirms device codes, and issues app-only tokens, at the common
        # authority only (docs/tokens.md, "Customer-tenant tokens").
        parser.error("--tenant works with app-user and refresh")
    idp = authority(args.idp, args.tenant)

    if args.flow == "app-only":
        token = app_only_token(args.idp, client_id=AUTOMATION_APP,
                               client_secret=automation_secret())
    elif args.flow == "app-user":
        token = app_user_token(idp, client_id=AUTOMATION_APP, client_secret=automation_secret())
    elif args.flow == "device-code":
        token = device_code_token(args.idp)
    elif args.flow == "refresh":
        if not args.refresh_token:
            parser.error("refresh needs --refresh-token")
        token = refreshed_token(idp, client_id=AUTOMATION_APP,
                                client_secret=automation_secret(),
                                refresh_token=args.refresh_token)
    else:
        token = qa_token(args.idp, upn=args.upn, amr=args.amr.split(","))
    if args.tenant:
        # A token of the customer's directory (Partner Center's API is the partner's): show
        # what it says instead of calling the API.
        print(json.dumps(verified_claims(idp, token["access_token"]), indent=2))
    else:
        demo_calls(args.portal, token["access_token"])
    if token.get("refresh_token"):
        print(f"Refresh token (for `refresh --refresh-token`): {token['refresh_token']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
