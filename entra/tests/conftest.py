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


@pytest.fixture(scope="session")
def wingtip_adfs(live_server, tmp_path_factory):
    """Wingtip AD FS in a child process, its federation client redirecting to the live server."""
    from urllib.parse import urlsplit

    from django.conf import settings

    from testsupport.mock_idp import Federation, MockAdfs, federation_plan

    federation = Federation(
        idp_port=urlsplit(live_server.url).port,
        adfs_port=federation_plan().adfs_port,
        client_secret=settings.ADFS_FEDERATION_CLIENT_SECRET,
    )
    adfs = MockAdfs(workdir=tmp_path_factory.mktemp("wingtip-adfs"), federation=federation)
    yield adfs.start()
    adfs.stop()


@pytest.fixture
def federation(idp, wingtip_adfs, settings):
    """The mock Entra ID on the live server with wingtip.com federated to the running AD FS."""
    import copy

    wingtip_adfs.reset()
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["openid_connect"]["APPS"][0]["settings"]["server_url"] = wingtip_adfs.url
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.ADFS_BASE_URL = wingtip_adfs.url
    return wingtip_adfs
