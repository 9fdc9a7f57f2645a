from __future__ import annotations

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
