"""A person at the IdP's HTML forms, driven over HTTP with ``requests`` (no JavaScript needed).

The OIDC side of the tests is a real client library (Authlib) and PyJWT; this helper only plays
the user who types a password or a code into the IdP's pages.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import requests

from entra.demo_data import NATIVE_REDIRECT_URI

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "Passw0rd!Demo"


PUSH_USE_CODE_RE = re.compile(r'href="([^"]+)" data-testid="push-use-code"')


class IdpBrowser:
    def __init__(
        self, base_url: str, *, other_origins: tuple[str, ...] = (), prefers_codes: bool = True
    ) -> None:
        self.base_url = base_url
        # A person who answers MFA with codes: on Entra's push page ("Approve sign-in request",
        # the default for a user with push) they take "I can't use my Microsoft Authenticator
        # app right now". The push tests (test_push_views) answer on the phone instead.
        self.prefers_codes = prefers_codes
        # Origins the person follows redirects to as well (a federated IdP's pages).
        self.origins = (base_url, *other_origins)
        self.visited: list[str] = []  # every URL requested, redirects included
        self.session = requests.Session()
        self.last: requests.Response | None = None

    def open(self, url: str) -> requests.Response:
        """GET ``url`` and follow redirects until an IdP page, or a client's redirect URI."""
        url = urljoin(self.base_url, url)
        for _ in range(20):
            if url.startswith(NATIVE_REDIRECT_URI) or not url.startswith(self.origins):
                self.last = None
                self.client_redirect = url
                return None
            self.visited.append(url)
            response = self.session.get(url, allow_redirects=False, timeout=10)
            if response.status_code not in (301, 302, 303):
                self.last = response
                use_code = self.prefers_codes and PUSH_USE_CODE_RE.search(response.text)
                if not use_code:
                    return response
                url = urljoin(url, html.unescape(use_code.group(1)))
                continue
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("redirect loop")

    def submit(self, data: dict[str, str], action: str | None = None) -> requests.Response | None:
        """POST the current page's form (with its CSRF token) and follow the redirects."""
        assert self.last is not None, "no page is open"
        token = CSRF_RE.search(self.last.text)
        payload = {**data}
        if token:
            payload["csrfmiddlewaretoken"] = token.group(1)
        post_to = urljoin(self.last.url, action) if action else self.last.url
        response = self.session.post(
            post_to, data=payload, allow_redirects=False, timeout=10,
            headers={"Referer": self.last.url},
        )
        if response.status_code in (301, 302, 303):
            return self.open(urljoin(post_to, response.headers["Location"]))
        self.last = response
        return response

    def _with_next(self, data: dict[str, str]) -> dict[str, str]:
        """The form's hidden ``next`` field travels along, as a browser would send it."""
        next_field = re.search(r'name="next" value="([^"]*)"', self.last.text)
        return {**data, "next": html.unescape(next_field.group(1))} if next_field else data

    def sign_in(self, upn: str, password: str = PASSWORD) -> None:
        """On the sign-in page: type the UPN and password."""
        data = self._with_next({"login": upn, "password": password})
        self.submit(data, action="/accounts/login/")

    def enter_code(self, code: str) -> None:
        self.submit(self._with_next({"code": code}))

    def totp(self, upn: str, which: str = "code") -> str:
        return self.session.get(f"{self.base_url}/qa/users/{upn}/totp", timeout=10).json()[which]
