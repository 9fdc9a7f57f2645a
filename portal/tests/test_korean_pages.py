"""Every page of the portal in Korean, with no English left (issue 11: "Korean everywhere a
Korean audience looks").

Each page of ``PAGES`` is fetched with ``Accept-Language: ko`` as the persona it names, and
fails when a word of three or more Latin letters is left that is not a proper name or protocol
term (``testsupport.korean.ALLOWED_WORDS``), or when a message its templates mark for
translation has no Korean. To cover a new page, add a ``Page`` (a URL, the session it needs,
and the status it answers); a page reached by a POST or by a state set up first gets a
``prepare`` function. The journey pages in the browser are covered by ``e2e`` tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from accounts import stepup
from accounts.stepup import Outcome, StepUpOutcome
from testsupport.korean import (
    assert_korean,
    assert_korean_error_page,
    rendered_template_sources,
    template_msgids,
    untranslated_msgids,
)

ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"


@dataclass(frozen=True)
class Page:
    url: str
    # The session: None (signed out), or sign_in()'s keyword arguments.
    signed_in: dict[str, Any] | None = field(default_factory=dict)
    status: int = 200
    method: str = "get"
    data: dict[str, str] | None = None
    # Called with the test client before the request (e.g. a step-up outcome in the session).
    prepare: Callable[[Client], None] | None = None
    id: str = ""
    # Words this page may show besides testsupport.korean.ALLOWED_WORDS (e.g. a SKU code).
    allowed: tuple[str, ...] = ()


def _stepup_outcome(path: str, outcome: StepUpOutcome) -> Callable[[Client], None]:
    def prepare(client: Client) -> None:
        session = client.session
        stepup.record_outcome(SimpleNamespace(session=session), next_url=path, outcome=outcome)
        session.save()

    return prepare


def _first(path: str, pattern: str) -> Callable[[Client], str]:
    """A URL found on another page (a request's or invoice's number is generated)."""

    def find(client: Client) -> str:
        import re

        body = client.get(path).content.decode()
        match = re.search(pattern, body)
        assert match, f"no link matching {pattern} on {path}"
        return match.group(0)

    return find


PAGES: tuple[Page, ...] = (
    Page("/", signed_in=None, id="welcome"),
    Page("/launcher/", signed_in=None, id="launcher"),
    Page("/dashboard/home", id="overview"),
    Page("/dashboard/home", signed_in={"roles": (), "mfa": False}, id="overview-no-role"),
    Page("/dashboard/access", id="access-matrix"),
    Page("/dashboard/servicehealth", id="service-health"),
    Page("/commerce/customers/", id="customers"),
    Page(
        f"/commerce/customers/{ADATUM}/subscriptions", id="customer-subscriptions",
        allowed=("MDB",),  # Defender for Business's SKU part number
    ),
    Page("/dashboard/v2/support/customers/", id="support-requests"),
    Page("/dashboard/v2/support/customers/new", id="support-new"),
    Page(
        "/dashboard/v2/support/customers/new", method="post",
        data={"title": "x", "description": "짧은 설명", "contact": "not an address"},
        status=400, id="support-new-errors",
    ),
    Page("/billing/", id="invoices"),
    Page("/security/", id="security"),
    Page("/security/fraudevents/", id="fraud-events"),
    Page("/security/requirements", id="requirements"),
    # A role that may not open the area: the 403 page names the roles that may.
    Page("/billing/", signed_in={"roles": ("SalesAgent",)}, status=403, id="access-denied"),
    Page(
        "/billing/", signed_in={"roles": ("AdminAgent",), "mfa": False}, status=403,
        prepare=_stepup_outcome(
            "/billing/",
            StepUpOutcome.from_provider_error("access_denied", "The user cancelled MFA."),
        ),
        id="stepup-declined",
    ),
    Page(
        "/billing/", signed_in={"roles": ("AdminAgent",), "mfa": False}, status=403,
        prepare=_stepup_outcome("/billing/", StepUpOutcome(kind=Outcome.WITHOUT_MFA, amr=("pwd",))),
        id="mfa-blocked",
    ),
    Page(
        "/dashboard/v2/support/customers/new", signed_in=None, method="post",
        data={"title": "Help"}, status=401, id="signin-required",
    ),
    Page(
        "/oidc/authenticate/?next=https://elsewhere.example/", signed_in=None, status=400,
        id="signin-error",
    ),
    Page("/trace/", signed_in=None, id="trace-empty"),
    # The component gallery (demo mode): its previews in Korean; the snippets are code (<code>).
    Page("/dev/components", signed_in=None, id="component-gallery"),
    Page("/trace/", signed_in={"roles": ("SalesAgent",), "mfa": False},
         prepare=lambda client: client.get("/billing/"), id="trace-with-steps"),
    Page("/no/such/page", signed_in=None, status=404, id="404-signed-out"),
    Page("/commerce/customers/00000000-0000-0000-0000-000000000000/subscriptions",
         status=404, id="404-in-an-area"),
)

# Pages whose URL is found on another page first (numbers are generated per partner).
LINKED_PAGES: tuple[tuple[str, str, str], ...] = (
    ("support-request", "/dashboard/v2/support/customers/",
     r"/dashboard/v2/support/customers/[A-Za-z0-9-]*\d[A-Za-z0-9-]*"),
    ("invoice", "/billing/", r"/billing/invoices/[A-Za-z0-9-]+/"),
)


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.deactivate()


@pytest.fixture
def korean(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    return client


def _fetch(korean: Client, sign_in, page: Page):
    if page.signed_in is not None:
        sign_in(**page.signed_in)
    if page.prepare:
        page.prepare(korean)
    response = getattr(korean, page.method)(page.url, page.data or {})
    assert response.status_code == page.status, page.url
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_page_in_korean_has_no_english_left(korean, sign_in, page):
    response = _fetch(korean, sign_in, page)
    assert_korean(response.content.decode(), url=page.url, allowed=page.allowed)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_message_of_the_page_has_korean(korean, sign_in, page):
    response = _fetch(korean, sign_in, page)
    sources = rendered_template_sources(response)
    assert sources, f"{page.url} rendered no template of the project"
    assert untranslated_msgids(template_msgids(sources)) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "pattern"), [(i, p) for _, i, p in LINKED_PAGES],
    ids=[name for name, _, _ in LINKED_PAGES],
)
def test_detail_pages_in_korean(korean, sign_in, index, pattern):
    sign_in()
    url = _first(index, pattern)(korean)
    response = korean.get(url)
    assert response.status_code == 200, url
    assert_korean(response.content.decode(), url=url)
    assert untranslated_msgids(template_msgids(rendered_template_sources(response))) == []


def _bad_request(client: Client):
    return client.get("/dashboard/home", {"q": "\x00"})  # config.middleware.RejectNulMiddleware


def _csrf_failure(client: Client):
    checked = Client(enforce_csrf_checks=True, headers={"Accept-Language": "ko"})
    return checked.post("/i18n/setlang/", {"language": "en", "next": "/"})


def _not_found(client: Client):
    return client.get("/no/such/page")


def _server_error(client: Client):
    from unittest import mock

    client.raise_request_exception = False
    with mock.patch("portal.views.render", side_effect=RuntimeError("a bug")):
        return client.get("/")


ERROR_PAGES = {400: _bad_request, 403: _csrf_failure, 404: _not_found, 500: _server_error}


@pytest.mark.django_db
@pytest.mark.parametrize("status", ERROR_PAGES)
def test_error_page_in_korean(korean, status):
    assert_korean_error_page(
        ERROR_PAGES[status](korean), status=status, stylesheet="portal/portal.css"
    )
