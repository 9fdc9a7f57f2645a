"""Production mode refuses unsafe configuration at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings.devsecrets import generate_rsa_pem

pytestmark = pytest.mark.security

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.idp",
        "SIMULATOR_MODE": "production",
        "IDP_SECRET_KEY": "k" * 64,
        "IDP_SIGNING_KEY": generate_rsa_pem(),
        "PORTAL_OIDC_CLIENT_SECRET": "p" * 40,
        "AUTOMATION_CLIENT_SECRET": "a" * 40,
        "IDP_DATABASE_URL": f"sqlite:///{tmp_path / 'idp.sqlite3'}",
        **env,
    }
    environment.pop("DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )


def test_production_refuses_the_qa_api_without_a_token(tmp_path):
    result = _check_deploy(tmp_path, IDP_QA_API_ENABLED="true")
    assert result.returncode != 0
    assert "IDP_QA_API_TOKEN" in result.stderr


def test_production_with_a_qa_token_starts(tmp_path):
    result = _check_deploy(tmp_path, IDP_QA_API_ENABLED="true", IDP_QA_API_TOKEN="t" * 40)
    assert result.returncode == 0, result.stderr


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stderr
    for warning in ("security.W004", "security.W008"):
        assert warning not in result.stderr + result.stdout
