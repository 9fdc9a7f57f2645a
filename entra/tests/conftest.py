from __future__ import annotations

import gc

import pytest
from django.core.cache import cache

from entra.seeding import seed_demo_directory
from entra.tests.browserless import IdpBrowser


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Authorization codes, used TOTP codes and rate-limit counters must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _close_leaked_client_connections(live_server):
    yield
    # Test HTTP clients (requests, Authlib) left in reference cycles keep keep-alive sockets
    # open, so live-server threads would still be waiting on them when the interpreter exits
    # and print tracebacks. Collecting them now closes the sockets while the server still runs.
    gc.collect()


@pytest.fixture
def directory(db):
    seed_demo_directory()


@pytest.fixture
def idp(live_server, settings, transactional_db) -> str:
    """The mock Entra ID served over real HTTP, seeded, with its issuer set to its own URL."""
    settings.IDP_BASE_URL = live_server.url
    seed_demo_directory()
    return live_server.url


@pytest.fixture
def visitor(idp) -> IdpBrowser:
    return IdpBrowser(idp)
