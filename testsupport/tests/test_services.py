"""The throwaway PostgreSQL and Redis of ``make test``'s second run (testsupport/services.py):
they start, serve, and leave nothing behind; and in that run, everything really uses them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_THE_POSTGRES_REDIS_RUN = "TEST_POSTGRES_URL" in os.environ

REPORT = """
import os, sys, psycopg, redis
with psycopg.connect(os.environ["IDP_DATABASE_URL"]) as connection:
    connection.execute("CREATE TABLE t (x int)")
redis.Redis.from_url(os.environ["IDP_TEST_CACHE_URL"]).set("k", "v")
print(os.environ["TEST_POSTGRES_URL"], os.environ["IDP_TEST_CACHE_URL"])
sys.exit(3)
"""


def _listening(url: str) -> bool:
    host_port = url.split("//", 1)[1].split("@")[-1].split("/")[0]
    host, port = host_port.rsplit(":", 1)
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, int(port))) == 0


def test_servers_serve_the_command_then_stop_whatever_its_outcome():
    pytest.importorskip("psycopg")
    try:
        from testsupport.services import postgres_bindir, redis_binary

        postgres_bindir(), redis_binary()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-m", "testsupport.services", "--", sys.executable, "-c", REPORT],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 3, result.stderr  # the command's own exit status
    postgres_url, redis_url = result.stdout.strip().splitlines()[-1].split()
    assert not _listening(postgres_url)
    assert not _listening(redis_url)


@pytest.mark.skipif(not IN_THE_POSTGRES_REDIS_RUN, reason="the PostgreSQL/Redis run only")
def test_the_portal_and_the_mock_idp_use_postgresql_and_redis(mock_idp, db):
    import psycopg
    import requests
    from django.db import connection

    assert connection.vendor == "postgresql"
    with psycopg.connect(os.environ["TEST_POSTGRES_URL"]) as admin:
        databases = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
    assert any(name.startswith("idp_") for name in databases), databases  # the child's own
    # The child answers its health check from that database and the run's Redis.
    assert requests.get(f"{mock_idp.url}/healthz", timeout=10).json()["status"] == "ok"
    assert os.environ["IDP_TEST_CACHE_URL"].startswith("redis://")
