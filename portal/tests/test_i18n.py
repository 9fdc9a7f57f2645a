"""The portal in Korean, for trainers: area titles, role labels and messages come from the catalogs.

The catalogs (``<app>/locale/ko/LC_MESSAGES/django.po``) are compiled to ``.mo`` by
``make install``; without the ``.mo`` files every page stays English and these tests fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

PORTAL_APPS = ("portal", "accounts", "customers", "support", "billing", "security", "compliance")


def _catalog(app: str, suffix: str) -> Path:
    return Path(apps.get_app_config(app).path) / "locale/ko/LC_MESSAGES" / f"django.{suffix}"


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # LocaleMiddleware activates the request's language in this thread; do not leak Korean
    # into the next test's lazy strings.
    yield
    translation.deactivate()


@pytest.fixture
def korean(client):
    missing = [app for app in PORTAL_APPS if not _catalog(app, "mo").exists()]
    assert not missing, f"Korean catalogs not compiled for {missing}: run `make install`."
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    return client


def test_overview_in_korean_shows_korean_area_titles(korean, sign_in):
    sign_in(roles=("AdminAgent",), mfa=True)
    body = korean.get("/dashboard/home").content.decode()
    assert '<html lang="ko">' in body
    assert '<h1 data-testid="area-title">개요</h1>' in body
    for title in ("서비스 상태", "고객", "지원 요청", "청구", "보안 작업 영역"):
        assert title in body
    assert "Security workspace" not in body


def test_access_matrix_in_korean_shows_korean_role_labels(korean, sign_in):
    sign_in(roles=(), mfa=False)
    body = korean.get("/dashboard/access").content.decode()
    labels = (
        "관리 에이전트", "판매 에이전트", "기술 지원팀 에이전트", "보안 관리자", "청구 관리자",
    )
    for label in labels:
        assert f"<th>{label}</th>" in body
    assert "보안 작업 영역" in body
    assert "Helpdesk agent" not in body
    # The matrix itself is the same in every language.
    assert body.count('data-role="AdminAgent"') == 4


def test_english_stays_the_default(client, sign_in):
    sign_in(roles=(), mfa=False)
    overview = client.get("/dashboard/home").content.decode()
    assert '<h1 data-testid="area-title">Overview</h1>' in overview
    assert "Security workspace" in overview
    matrix = client.get("/dashboard/access").content.decode()
    assert "<th>Admin agent</th>" in matrix
    assert "관리 에이전트" not in matrix


def test_access_denied_in_korean_names_the_allowed_roles_in_korean(korean, sign_in):
    sign_in(roles=("SalesAgent",), mfa=True)
    response = korean.get("/billing/")
    assert response.status_code == 403
    body = response.content.decode()
    assert '<h1 data-testid="area-title">청구</h1>' in body
    assert (
        '<strong data-testid="allowed-roles">관리 에이전트, 보안 관리자, 청구 관리자</strong>'
        in body
    )


def test_language_switch_keeps_korean_in_the_cookie(client, sign_in):
    sign_in(roles=(), mfa=False)
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/dashboard/home"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    body = client.get("/dashboard/home").content.decode()
    assert '<h1 data-testid="area-title">개요</h1>' in body


@pytest.mark.django_db
def test_sign_in_errors_are_translated(korean):
    response = korean.get("/oidc/authenticate/", {"next": "https://elsewhere.example/"})
    assert response.status_code == 400
    assert "로그인 후 돌아갈 주소가 이 사이트에 있지 않습니다." in response.content.decode()


@pytest.mark.parametrize("app", PORTAL_APPS)
def test_every_message_of_the_catalog_is_translated(app):
    po = _catalog(app, "po").read_text("utf-8")
    assert "#, fuzzy" not in po
    entries = po.strip().split("\n\n")[1:]  # the first is the header
    assert entries
    for entry in entries:
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.MULTILINE).group(1)
        for msgstr in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, re.MULTILINE):
            assert msgstr.strip() != '""', f"{app}: untranslated {msgid.strip()}"
            assert set(re.findall(r"%\(\w+\)s", msgstr)) == set(
                re.findall(r"%\(\w+\)s", msgid)
            ), f"{app}: placeholders differ in {msgid.strip()}"
