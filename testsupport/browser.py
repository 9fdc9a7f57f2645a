"""A person with a browser, over plain HTTP: follows redirects across the portal and the IdP.

For integration tests of the relying party: every hop is a real HTTP request between the two
origins, recorded in ``hops``, so a test can assert what the browser was sent where.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Entra's push page ("Approve sign-in request", the default for a user with push): this person
# answers MFA with codes, so takes "I can't use my Microsoft Authenticator app right now".
PUSH_USE_CODE_RE = re.compile(r'href="([^"]+)"[^>]*data-testid="push-use-code"')
PASSWORD = "Passw0rd!Demo"


class Browser:
    def __init__(self, *, stop_at: str | None = None) -> None:
        # A URL prefix never requested, however reached (a native app's redirect URI): the
        # redirect chain ends there, and ``hops[-1]`` holds the URL.
        self.stop_at = stop_at
        self.session = requests.Session()
        self.page: requests.Response | None = None
        self.hops: list[str] = []

    def open(self, url: str, *, stop_at: str | None = None) -> requests.Response:
        """GET ``url`` and follow redirects; stop before a URL starting with ``stop_at``."""
        self.hops = []
        return self._follow(url, stop_at)

    def _follow(self, url: str, stop_at: str | None) -> requests.Response:
        stop_at = stop_at or self.stop_at
        for _ in range(25):
            self.hops.append(url)
            if stop_at and url.startswith(stop_at):
                return None
            response = self.session.get(url, allow_redirects=False, timeout=20)
            if response.status_code not in (301, 302, 303):
                use_code = PUSH_USE_CODE_RE.search(response.text)
                if use_code is None:
                    self.page = response
                    return response
                url = urljoin(url, html.unescape(use_code.group(1)))
                continue
            url = urljoin(url, response.headers["Location"])
        raise AssertionError(f"redirect loop: {self.hops[-5:]}")

    def submit(self, data: dict[str, str], *, action: str | None = None) -> requests.Response:
        """POST the current page's form with its CSRF token and hidden ``next``; follow on."""
        assert self.page is not None, "no page is open"
        payload = dict(data)
        token = CSRF_RE.search(self.page.text)
        if token:
            payload["csrfmiddlewaretoken"] = token.group(1)
        next_field = re.search(r'name="next" value="([^"]*)"', self.page.text)
        if next_field and "next" not in payload:
            payload["next"] = html.unescape(next_field.group(1))
        post_to = urljoin(self.page.url, action) if action else self.page.url
        self.hops = [post_to]
        response = self.session.post(
            post_to, data=payload, allow_redirects=False, timeout=20,
            headers={"Referer": self.page.url},
        )
        if response.status_code in (301, 302, 303):
            return self._follow(urljoin(post_to, response.headers["Location"]), None)
        self.page = response
        return response

    # At the mock IdP's pages.
    def sign_in(self, upn: str, password: str = PASSWORD) -> requests.Response:
        return self.submit({"login": upn, "password": password}, action="/accounts/login/")

    def enter_code(self, code: str) -> requests.Response:
        return self.submit({"code": code})

    def hop_to(self, prefix: str) -> str:
        """The last URL of the latest redirect chain that starts with ``prefix``."""
        matches = [hop for hop in self.hops if hop.startswith(prefix)]
        assert matches, f"no hop to {prefix}: {self.hops}"
        return matches[-1]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def text_of(page: requests.Response, test_id: str) -> str:
    """The text of the element carrying ``data-testid`` (first match, tags stripped)."""
    match = re.search(
        rf'data-testid="{re.escape(test_id)}"[^>]*>(.*?)</', page.text, flags=re.DOTALL
    )
    assert match, f"no element with data-testid={test_id!r} on {page.url}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def attribute_of(page: requests.Response, test_id: str, attribute: str) -> str:
    """An attribute (e.g. ``href``) of the element carrying ``data-testid``."""
    tag = re.search(rf'<[^>]*data-testid="{re.escape(test_id)}"[^>]*>', page.text)
    assert tag, f"no element with data-testid={test_id!r} on {page.url}"
    value = re.search(rf'\s{attribute}="([^"]*)"', tag.group(0))
    assert value, f"no {attribute} on {test_id}"
    return html.unescape(value.group(1))
