"""The portal's /healthz, and the 503 page when its database or cache is down
(config/health.py, config/outage.py)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from config import health


def _failing(exc: Exception):
    def fail(*args, **kwargs):
        raise exc

    return fail


@pytest.fixture
def database_down():
    """Every query fails as it does when PostgreSQL has gone away."""
    down = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(CursorWrapper, "execute", _failing(down)),
        mock.patch.object(CursorWrapper, "executemany", _failing(down)),
    ):
        yield


@pytest.fixture
def browser(client) -> Client:
    # Django's test client re-raises what a middleware raised; a browser sees the answer.
    client.raise_request_exception = False
    return client


def test_healthz_answers_without_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "down": [], "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_database_when_it_is_down(client, db, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["database"]
    assert body["checks"]["database"] == "down (OperationalError)"
    assert body["checks"]["cache"] == "ok"


def test_healthz_names_the_cache_when_it_is_down(client, db, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "cache", _failing(RedisConnectionError("refused")))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]


def test_a_page_is_a_503_page_when_the_database_is_down(browser, db, database_down):
    # The session is read by a middleware (the portal's identity), before any view.
    browser.cookies["pc_session"] = "a-session-key"
    response = browser.get("/dashboard/home", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b'data-testid="error-status">503<' in response.content
    assert b"database" in response.content
    assert b"Traceback" not in response.content


def test_a_view_meeting_a_database_that_is_down_gets_the_503_page(browser, sign_in):
    sign_in()
    with mock.patch(
        "portal.views.render", _failing(OperationalError("connection refused"))
    ):
        response = browser.get("/dashboard/home", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert b'data-testid="error-status">503<' in response.content


def test_other_errors_stay_500s(browser, sign_in):
    # Only an unreachable service is a 503: a bug must still show as one.
    sign_in()
    with mock.patch("portal.views.render", _failing(RuntimeError("a bug"))):
        response = browser.get("/dashboard/home", HTTP_ACCEPT="text/html")
    assert response.status_code == 500
