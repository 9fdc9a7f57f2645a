"""The mock Entra ID's /healthz, and its 503 answers when Redis or the database is down
(config/health.py, config/outage.py)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from testsupport.mock_idp import _free_port


@pytest.fixture
def redis_down(settings):
    """The cache is a Redis server nobody runs: every cache call is refused."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}


@pytest.fixture
def browser(client):
    # Django's test client re-raises what a middleware raised; a browser sees the answer.
    client.raise_request_exception = False
    return client


def test_healthz_answers_without_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


def test_healthz_names_redis_when_it_is_down(client, db, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
    assert response.json()["checks"]["cache"] == "down (ConnectionError)"


def test_healthz_names_the_database_when_it_is_down(client, db):
    down = OperationalError("connection refused")
    with mock.patch.object(CursorWrapper, "execute", side_effect=down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


def test_signing_in_while_redis_is_down_is_a_503_page(browser, directory, redis_down):
    # allauth's rate limits live in the cache: the sign-in form is the first page to need it.
    response = browser.post(
        "/accounts/login/", {"login": "alejandra@contoso.com", "password": "Passw0rd!Demo"},
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 503
    assert b'data-testid="error-status">503<' in response.content
    assert b"cache" in response.content
    assert b"Traceback" not in response.content


def test_a_client_of_the_token_endpoint_gets_json(browser, directory, redis_down):
    response = browser.post(
        "/identity/o/api/token",
        {"grant_type": "authorization_code", "code": "x", "client_id": "y"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "30"
