"""A person at Wingtip AD FS's pages, driven over HTTP with ``requests`` (no JavaScript).

The OIDC side of the tests is a real client library (``oidc_client``); this helper only types a
user name, a password or a code into the pages, by their ``data-testid``'d fields.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CANCEL_FORM_RE = re.compile(
    r'<form id="mfa-cancel-form"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.DOTALL
)
NEXT_RE = re.compile(r'name="next" value="([^"]*)"')
LOGIN_VALUE_RE = re.compile(r'<input id="id_login"[^>]*\svalue="([^"]*)"')
PASSWORD = "Passw0rd!Demo"


class AdfsBrowser:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.last: requests.Response | None = None
        self.client_redirect: str | None = None

    def open(self, url: str) -> requests.Response | None:
        """GET ``url``, following redirects until an AD FS page or the client's redirect URI."""
        url = urljoin(self.base_url, url)
        self.client_redirect = None
        for _ in range(20):
            if not url.startswith(self.base_url):
                self.last, self.client_redirect = None, url
                return None
            response = self.session.get(url, allow_redirects=False, timeout=10)
            if response.status_code not in (301, 302, 303):
                self.last = response
                return response
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("redirect loop")

    def post(self, url: str, data: dict[str, str]) -> requests.Response | None:
        assert self.last is not None, "no page is open"
        token = CSRF_RE.search(self.last.text)
        payload = {**data, **({"csrfmiddlewaretoken": token.group(1)} if token else {})}
        response = self.session.post(
            url, data=payload, allow_redirects=False, timeout=10,
            headers={"Referer": self.last.url},
        )
        if response.status_code in (301, 302, 303):
            return self.open(urljoin(url, response.headers["Location"]))
        self.last = response
        self.client_redirect = None
        return response

    def _with_next(self, data: dict[str, str]) -> dict[str, str]:
        """The page's hidden ``next`` travels along, as a browser would send it."""
        found = NEXT_RE.search(self.last.text)
        return {**data, "next": html.unescape(found.group(1))} if found else data

    def has(self, test_id: str) -> bool:
        return self.last is not None and f'data-testid="{test_id}"' in self.last.text

    def sign_in(self, upn: str | None, password: str = PASSWORD) -> None:
        """On the sign-in page: type the user name (None: keep what the page filled in) and
        the password."""
        if upn is None:
            field = LOGIN_VALUE_RE.search(self.last.text)
            upn = html.unescape(field.group(1)) if field else ""
        data = {"login": upn, "password": password}
        self.post(urljoin(self.base_url, "/accounts/login/"), self._with_next(data))

    def enter_password(self, password: str = PASSWORD) -> None:
        """On the "password again" page (``prompt=login``)."""
        self.post(self.last.url, self._with_next({"password": password}))

    def enter_code(self, code: str) -> None:
        self.post(self.last.url, self._with_next({"code": code}))

    def cancel_mfa(self) -> None:
        """Press "Cancel" on the MFA page: it submits the page's cancel form."""
        form = CANCEL_FORM_RE.search(self.last.text)
        assert form, "no cancel form on this page"
        found = NEXT_RE.search(form.group(2))
        data = {"next": html.unescape(found.group(1))} if found else {}
        self.post(urljoin(self.last.url, html.unescape(form.group(1))), data)

    def totp(self, upn: str, which: str = "code") -> str:
        url = f"{self.base_url}/qa/users/{upn}/totp"
        return requests.get(url, timeout=10).json()[which]

    def callback_query(self) -> dict[str, str]:
        assert self.client_redirect, "the browser was not sent back to the client"
        return {k: v[0] for k, v in parse_qs(urlsplit(self.client_redirect).query).items()}
