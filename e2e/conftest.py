"""Playwright against the real servers, in Debian's headless Chromium (no browser downloads)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from entra.seeding import seed_demo_directory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": CHROMIUM_ARGS}


@pytest.fixture
def idp_url(live_server, settings, transactional_db) -> str:
    """The mock Entra ID on a live server, seeded; its issuer is its own URL."""
    cache.clear()
    settings.IDP_BASE_URL = live_server.url
    seed_demo_directory()
    return live_server.url
