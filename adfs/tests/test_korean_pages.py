"""Wingtip AD FS in Korean, with no English left (issue 11: "Korean everywhere a Korean audience
looks"; AD FS is shown in journey 2).

Each page of ``PAGES`` is fetched with ``Accept-Language: ko`` after its ``steps``, and fails
when a word of three or more Latin letters is left that is not a proper name or protocol term
(``testsupport.korean.ALLOWED_WORDS``), or when a message its templates mark for translation
has no Korean. To cover a new page, add a ``Page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

import pytest
from django.test import Client
from django.utils import translation

from testsupport.korean import (
    assert_korean,
    assert_korean_error_page,
    rendered_template_sources,
    template_msgids,
    untranslated_msgids,
)

PASSWORD = "Passw0rd!Demo"
PRASHOB = "prashob@wingtip.com"


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    # Form posts done first, in order: (url, data).
    steps: tuple[tuple[str, dict[str, str]], ...] = ()
    status: int = 200
    method: str = "get"
    data: dict[str, str] | None = None


_SIGN_IN = ("/accounts/login/", {"login": PRASHOB, "password": PASSWORD})

PAGES: tuple[Page, ...] = (
    Page("sign-in", "/accounts/login/"),
    Page(
        "sign-in-wrong-password", "/accounts/login/", method="post",
        data={"login": PRASHOB, "password": "wrong"},
    ),
    Page("mfa", "/accounts/2fa/authenticate/", steps=(_SIGN_IN,)),
    Page("trainer", "/trainer/users/"),
    Page(
        "authorize-unknown-client",
        "/identity/o/authorize?client_id=00000000-0000-0000-0000-000000000000"
        "&response_type=code&scope=openid&redirect_uri=http://localhost:8001/callback",
        status=400,
    ),
    Page("not-found", "/no/such/page", status=404),
)


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.deactivate()


@pytest.fixture
def korean(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    return client


def _fetch(client: Client, page: Page):
    for url, data in page.steps:
        client.post(url, data)
    response = getattr(client, page.method)(page.url, page.data or {})
    assert response.status_code == page.status, (page.url, response.status_code)
    return response


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_page_in_korean_has_no_english_left(korean, directory, page):
    response = _fetch(korean, page)
    assert_korean(response.content.decode(), url=page.url)


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_message_of_the_page_has_korean(korean, directory, page):
    response = _fetch(korean, page)
    assert untranslated_msgids(template_msgids(rendered_template_sources(response))) == []


def _csrf_failure(client: Client):
    checked = Client(enforce_csrf_checks=True, headers={"Accept-Language": "ko"})
    return checked.post("/accounts/login/", {"login": PRASHOB, "password": "x"})


def _server_error(client: Client):
    client.raise_request_exception = False
    with mock.patch("adfs.views.trainer.render", side_effect=RuntimeError("a bug")):
        return client.get("/trainer/users/")


ERROR_PAGES = {
    400: lambda client: client.get("/accounts/login/", {"next": "\x00"}),
    403: _csrf_failure,
    404: lambda client: client.get("/no/such/page"),
    500: _server_error,
}


@pytest.mark.parametrize("status", ERROR_PAGES)
def test_error_page_in_korean(korean, directory, status):
    assert_korean_error_page(
        ERROR_PAGES[status](korean), status=status, stylesheet="adfs/adfs.css"
    )
