from __future__ import annotations

import gc

import pytest
from django.core.cache import cache

from adfs.seeding import seed_adfs_directory
from adfs.tests.browserless import AdfsBrowser


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Authorization codes, used TOTP codes and rate-limit counters must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _close_leaked_client_connections(live_server):
    yield
    # HTTP clients left in reference cycles keep keep-alive sockets open; collect them while
    # the live server still runs, so its threads do not print tracebacks at exit.
    gc.collect()


@pytest.fixture
def directory(db):
    seed_adfs_directory()


@pytest.fixture
def adfs(live_server, settings, transactional_db) -> str:
    """Wingtip AD FS over real HTTP, seeded, with its issuer set to its own URL."""
    settings.ADFS_BASE_URL = live_server.url
    seed_adfs_directory()
    return live_server.url


@pytest.fixture
def visitor(adfs) -> AdfsBrowser:
    return AdfsBrowser(adfs)
