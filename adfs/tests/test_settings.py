"""Production mode refuses to start Wingtip AD FS without its secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings.devsecrets import generate_rsa_pem

pytestmark = pytest.mark.security

ROOT = Path(__file__).resolve().parents[2]


def _check(tmp_path: Path, drop: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.adfs",
        "SIMULATOR_MODE": "production",
        "ADFS_SECRET_KEY": "k" * 64,
        "ADFS_SIGNING_KEY": generate_rsa_pem(),
        "PORTAL_OIDC_CLIENT_SECRET": "p" * 40,
        "ADFS_FEDERATION_CLIENT_SECRET": "f" * 40,
        "ADFS_DATABASE_URL": f"sqlite:///{tmp_path / 'adfs.sqlite3'}",
        **env,
    }
    for name in (*drop, "DEBUG"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )


def test_production_with_every_secret_starts(tmp_path):
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "missing", ["ADFS_SECRET_KEY", "ADFS_SIGNING_KEY", "ADFS_FEDERATION_CLIENT_SECRET"]
)
def test_production_names_a_missing_secret(tmp_path, missing):
    result = _check(tmp_path, drop=(missing,))
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_the_qa_api_without_a_token(tmp_path):
    result = _check(tmp_path, ADFS_QA_API_ENABLED="true")
    assert result.returncode != 0
    assert "ADFS_QA_API_TOKEN" in result.stderr
