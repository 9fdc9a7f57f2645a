"""Every setting is checked at start, and a bad one is refused by a message naming its
variable (config/settings/base.py); production mode logs JSON; ``make serve`` refuses
per-process caches for several workers (scripts/serve.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings.devsecrets import generate_rsa_pem

ROOT = Path(__file__).resolve().parents[2]

# The start-up check: import the settings (manage.py would print the same message at the end
# of a traceback).
IMPORT_SETTINGS = "import django; from django.conf import settings; settings.INSTALLED_APPS"


def _run(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.idp",
        "IDP_DATABASE_URL": f"sqlite:///{tmp_path / 'idp.sqlite3'}",
        **env,
    }
    return subprocess.run(  # noqa: S603 (this test's own snippets)
        [sys.executable, "-c", code], cwd=ROOT, env=environment,
        capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("IDP_DATABASE_URL", "postgress://sim:sim@localhost/sim_idp"),
        ("IDP_DATABASE_URL", "mysql://sim@localhost/sim_idp"),
        ("IDP_CACHE_URL", "memcache://localhost:11211"),
        ("IDP_CACHE_URL", "not a url"),
        ("IDP_BASE_URL", "localhost:8001"),
        ("IDP_BASE_URL", "http://localhost:8001/entra"),
        ("PORTAL_BASE_URL", "http://localhost:port"),
        ("DEBUG", "maybe"),
        ("IDP_TOTP_TOLERANCE", "one"),
        ("SIMULATOR_MODE", "prod"),
        ("LOG_LEVEL", "LOUD"),
        ("LOG_FORMAT", "xml"),
    ],
)
def test_a_bad_setting_is_refused_by_name(tmp_path, variable, value):
    result = _run(tmp_path, IMPORT_SETTINGS, **{variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured"), last_line
    assert variable in last_line


def test_good_urls_are_accepted(tmp_path):
    result = _run(
        tmp_path, IMPORT_SETTINGS,
        IDP_DATABASE_URL="postgres://sim:sim@localhost:5432/sim_idp",
        IDP_CACHE_URL="redis://localhost:6379/0",
        IDP_BASE_URL="https://login.sim.example",
    )
    assert result.returncode == 0, result.stderr


def test_production_mode_logs_json(tmp_path):
    result = _run(
        tmp_path,
        "import django, logging; django.setup(); "
        "logging.getLogger('entra').error('hello %s', 'team')",
        SIMULATOR_MODE="production",
        IDP_SECRET_KEY="k" * 64,
        IDP_SIGNING_KEY=generate_rsa_pem(),
        PORTAL_OIDC_CLIENT_SECRET="p" * 40,
        AUTOMATION_CLIENT_SECRET="a" * 40,
        ADFS_FEDERATION_CLIENT_SECRET="f" * 40,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "hello team"
    assert record["level"] == "ERROR"
    assert record["logger"] == "entra"


@pytest.mark.parametrize("cache_url", [None, "locmemcache://entra"])
def test_serve_refuses_a_per_process_cache_for_several_workers(tmp_path, cache_url):
    environment = {**os.environ, "SERVE_WORKERS": "3", "ADFS_CACHE_URL": "redis://localhost/1"}
    environment.pop("IDP_CACHE_URL", None)
    if cache_url:
        environment["IDP_CACHE_URL"] = cache_url
    result = subprocess.run(
        [sys.executable, "scripts/serve.py"], cwd=ROOT, env=environment,
        capture_output=True, text=True, check=False, timeout=60,
    )
    assert result.returncode != 0
    assert "IDP_CACHE_URL" in result.stderr
    assert "gunicorn on" not in result.stdout  # refused before anything started
