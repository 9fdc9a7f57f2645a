"""Journey 1 at the HTTP level, no browser: how long Alejandra waits for her tokens.

``alejandra@contoso.com`` signs in to the portal's client at the mock Entra ID: authorize
(PKCE, S256) → sign-in page → password → authenticator code (Contoso asks MFA at sign-in) →
the code at the portal's redirect URI → the token endpoint (client secret, code verifier).
Each run is a new browser (new cookies and connection). Between runs, untimed, the QA API puts
the directory back to its seeded state (a TOTP code is good once) and reads the current code,
as Alejandra reads her phone. Prints the median, p95 and each step's median; the target is
under 100 ms in demo mode.

Run: ``.venv/bin/python bench/journey1_http.py [--url http://localhost:8001] [--runs 30]``.
Against a running IdP the portal client's secret comes from ``PORTAL_OIDC_CLIENT_SECRET`` or
``var/secrets/``, and its QA API must be on (``--qa-token`` if it has one).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import re
import secrets
import statistics
import sys
import time
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from _support import add_server_options, describe_ms, started, var_secret

UPN = "alejandra@contoso.com"
PORTAL_CLIENT_ID = "4f1c2b9e-7d3a-4c55-9b61-2a8e0c7d1f00"  # the seeded portal client
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT = re.compile(r'name="next" value="([^"]*)"')
TARGET_MS = 100


class Journey:
    """One person's browser, following redirects until the client's redirect URI."""

    def __init__(self, idp: str, redirect_uri: str) -> None:
        self.idp = idp
        self.redirect_uri = redirect_uri
        self.session = requests.Session()
        self.page: requests.Response | None = None
        self.callback: str | None = None

    def open(self, url: str) -> None:
        for _ in range(10):
            if url.startswith(self.redirect_uri):
                self.callback = url
                return
            response = self.session.get(url, allow_redirects=False, timeout=30)
            if response.status_code not in (301, 302, 303):
                response.raise_for_status()
                self.page = response
                return
            url = urljoin(url, response.headers["Location"])
        raise RuntimeError("redirect loop")

    def submit(self, fields: dict[str, str], action: str | None = None) -> None:
        assert self.page is not None  # noqa: S101 (a bug in this script)
        data = dict(fields)
        if token := CSRF.search(self.page.text):
            data["csrfmiddlewaretoken"] = token.group(1)
        if found := NEXT.search(self.page.text):
            data["next"] = html.unescape(found.group(1))
        url = urljoin(self.page.url, action or self.page.url)
        response = self.session.post(
            url, data=data, allow_redirects=False, timeout=30, headers={"Referer": self.page.url}
        )
        if response.status_code in (301, 302, 303):
            self.open(urljoin(url, response.headers["Location"]))
        else:
            raise RuntimeError(f"{url} answered {response.status_code}: "
                               f"{re.findall(r'role=.alert[^>]*>([^<]*)', response.text)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_options(parser)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--password", default="Passw0rd!Demo")
    parser.add_argument("--client-secret", help="the portal client's; default: the demo's")
    parser.add_argument("--redirect-uri", default="http://localhost:8000/oidc/callback/")
    parser.add_argument("--qa-token", default="", help="the IdP's IDP_QA_API_TOKEN, if set")
    args = parser.parse_args()

    with started(args) as idp:
        secret = args.client_secret or idp.portal_client_secret or var_secret(
            "portal_oidc_client_secret", "PORTAL_OIDC_CLIENT_SECRET"
        )
        meta = requests.get(f"{idp.url}/.well-known/openid-configuration", timeout=10).json()
        qa = requests.Session()
        qa.headers["Authorization"] = f"Bearer {args.qa_token}"
        steps: dict[str, list[float]] = {}
        totals: list[float] = []
        for run in range(args.runs + 1):  # the first warms up (imports, caches) and is dropped
            qa.post(f"{idp.url}/qa/reset", json={}, timeout=60).raise_for_status()
            code = qa.get(f"{idp.url}/qa/users/{UPN}/totp", timeout=10).json()["code"]
            timings = one_journey(idp.url, meta, secret, args, code)
            if run:
                totals.append(sum(timings.values()))
                for step, seconds in timings.items():
                    steps.setdefault(step, []).append(seconds)

    median_ms = statistics.median(totals) * 1000
    print(f"journey 1 ({UPN}) at {idp.url} ({idp.server}), {args.runs} runs")
    print(f"  total:   {describe_ms(totals)}")
    for step, seconds in steps.items():
        print(f"  {step:<30} median {statistics.median(seconds) * 1000:7.1f} ms")
    verdict = "met" if median_ms < TARGET_MS else "not met"
    print(f"  target: median < {TARGET_MS} ms in demo mode ({verdict})")
    return 0


def one_journey(
    idp: str, meta: dict, secret: str, args: argparse.Namespace, code: str
) -> dict[str, float]:
    """The timed steps of one sign-in: seconds per step."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = urlencode({
        "client_id": PORTAL_CLIENT_ID, "redirect_uri": args.redirect_uri, "response_type": "code",
        "scope": "openid profile email", "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16), "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    })
    browser = Journey(idp, args.redirect_uri)
    timings: dict[str, float] = {}

    def step(name: str, action) -> None:
        t0 = time.perf_counter()
        action()
        timings[name] = time.perf_counter() - t0

    step("authorize -> sign-in page", lambda: browser.open(
        f"{meta['authorization_endpoint']}?{query}"))
    step("password -> MFA page", lambda: browser.submit(
        {"login": UPN, "password": args.password}, action="/accounts/login/"))
    step("code -> redirect with code", lambda: browser.submit({"code": code}))
    if browser.callback is None:
        raise RuntimeError(f"no code: the IdP stopped at {browser.page.url}")
    grant = parse_qs(urlsplit(browser.callback).query)["code"][0]

    def redeem() -> None:
        response = browser.session.post(
            meta["token_endpoint"], auth=(PORTAL_CLIENT_ID, secret), timeout=30,
            data={"grant_type": "authorization_code", "code": grant,
                  "redirect_uri": args.redirect_uri, "code_verifier": verifier},
        )
        response.raise_for_status()
        if "id_token" not in response.json():
            raise RuntimeError(f"no ID token: {response.text}")

    step("token endpoint", redeem)
    return timings


if __name__ == "__main__":
    sys.exit(main())
