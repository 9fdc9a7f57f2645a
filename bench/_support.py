"""What the HTTP benchmarks share: loopback-only targets, an identity provider started on
demand, and the figures they print.

A benchmark given ``--url`` measures whatever answers there (``make demo``, a gunicorn
deployment, ...). Without one it starts the mock Entra ID itself, in demo mode (the settings a
trainer runs, not the test settings), in a temporary directory, and stops it at the end:

- ``--server``: under gunicorn (``--workers`` processes) when gunicorn is installed, else
  Django's development server;
- ``--backing``: SQLite and, with several workers, a database cache table (``sqlite``), or a
  throwaway PostgreSQL cluster and Redis server as the team deployment uses (``postgres``,
  Debian's ``postgresql`` and ``redis-server``; see ``testsupport/services.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import ipaddress
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from testsupport.mock_idp import MockIdp, _die_with_parent, _free_port  # noqa: E402

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
GUNICORN_CONF = ROOT / "scripts" / "gunicorn_conf.py"


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash, refused unless it names this machine: a benchmark
    floods what it measures and must never be pointed at someone else's server."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host in LOOPBACK_NAMES or host.endswith(".localhost")
    if not loopback:
        raise SystemExit(f"{url}: benchmarks run against loopback addresses only")
    return url.rstrip("/")


def var_secret(name: str, env_var: str) -> str:
    """A secret as the demo reads it: the environment first, then ``var/secrets/``."""
    value = os.environ.get(env_var, "")
    path = ROOT / "var" / "secrets" / name
    if not value and path.exists():
        value = path.read_text().strip()
    return value


def gunicorn_available() -> bool:
    return importlib.util.find_spec("gunicorn") is not None


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """``--url`` and, for an identity provider started here, how it is served."""
    parser.add_argument("--url", help="the mock Entra ID (loopback only); default: start one")
    parser.add_argument("--server", choices=("auto", "gunicorn", "runserver"), default="auto",
                        help="how to serve one started here (auto: gunicorn if installed)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--backing", choices=("sqlite", "postgres"), default="sqlite",
                        help="database and cache of one started here (postgres: PostgreSQL "
                             "and Redis, started and dropped with it)")


@dataclass
class Target:
    """Where the identity provider answers, and the secrets a benchmark needs from it."""

    url: str
    portal_client_secret: str
    automation_client_secret: str
    server: str  # how it is served, for the report
    process: subprocess.Popen | None = None  # gunicorn's master or runserver, if started here


class DemoModeIdp(MockIdp):
    """The mock Entra ID as ``make demo`` runs it (demo-mode settings), on a free port."""

    settings_module = "config.settings.idp"

    def __init__(
        self, *, workdir: Path, workers: int, gunicorn: bool, backing: dict[str, str]
    ) -> None:
        self.workers = workers
        self.gunicorn = gunicorn
        super().__init__(
            portal_url="http://localhost:8000", workdir=workdir,
            client_secret=secrets.token_urlsafe(32),
        )
        self.portal_client_secret = self.env["PORTAL_OIDC_CLIENT_SECRET"]
        # A port of its own, not the one MockIdp's federation plan keeps for a test run.
        self.port = _free_port()
        self.env["IDP_BASE_URL"] = self.url = f"http://localhost:{self.port}"
        self.env.update(backing)
        # allauth keeps codes and rate-limit counters in the cache: workers must share it.
        self.cache_table = gunicorn and workers > 1 and "IDP_CACHE_URL" not in self.env
        if self.cache_table:
            self.env["IDP_CACHE_URL"] = "dbcache://bench_cache"

    def start(self, timeout: float = 60) -> Self:
        if not self.gunicorn:
            return super().start(timeout)
        self._manage("migrate", "--noinput", "-v0")
        if self.cache_table:
            self._manage("createcachetable")
        self._manage(self.seed_command)
        # The team deployment's settings (threaded workers, keep-alive) when they are there.
        config = ["--config", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else []
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [sys.executable, "-m", "gunicorn", *config, "config.wsgi_idp:application",
                 "--bind", f"localhost:{self.port}", "--workers", str(self.workers)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # only ctypes before exec: safe
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.url}/.well-known/openid-configuration", timeout=2).ok:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout} s; see {self.log}")


@contextlib.contextmanager
def _backing(kind: str) -> Iterator[dict[str, str]]:
    """The environment pointing the identity provider at its database and cache."""
    if kind == "sqlite":
        yield {}
        return
    from testsupport.services import postgres_and_redis

    with postgres_and_redis() as services:
        yield {
            "IDP_DATABASE_URL": services["IDP_DATABASE_URL"],
            "IDP_CACHE_URL": services["IDP_TEST_CACHE_URL"],
            # As the team deployment runs: one connection per worker, kept.
            "DATABASE_CONN_MAX_AGE": "60",
        }


@contextlib.contextmanager
def identity_provider(
    url: str | None, *, workers: int = 2, server: str = "auto", backing: str = "sqlite"
) -> Iterator[Target]:
    """The mock Entra ID at ``url``, or one started here for the benchmark's duration
    (``server``: "gunicorn", "runserver", or "auto": gunicorn when it is installed)."""
    if url:
        yield Target(
            url=loopback_url(url),
            portal_client_secret=var_secret(
                "portal_oidc_client_secret", "PORTAL_OIDC_CLIENT_SECRET"
            ),
            automation_client_secret=var_secret(
                "automation_client_secret", "AUTOMATION_CLIENT_SECRET"
            ),
            server="given",
        )
        return
    gunicorn = server == "gunicorn" or (server == "auto" and gunicorn_available())
    served = "runserver"
    if gunicorn:
        kind = "threaded " if GUNICORN_CONF.exists() else ""
        served = f"gunicorn, {workers} {kind}workers"
    with tempfile.TemporaryDirectory(prefix="pc-bench-") as workdir, _backing(backing) as env:
        idp = DemoModeIdp(workdir=Path(workdir), workers=workers, gunicorn=gunicorn, backing=env)
        served += ", PostgreSQL + Redis" if env else ", SQLite"
        print(f"starting the mock Entra ID (demo mode, {served}) at {idp.url} ...", flush=True)
        idp.start()
        try:
            yield Target(
                url=idp.url, portal_client_secret=idp.portal_client_secret,
                automation_client_secret=idp.automation_secret, server=served,
                process=idp.process,
            )
        finally:
            idp.stop()


def started(args: argparse.Namespace) -> contextlib.AbstractContextManager[Target]:
    """``identity_provider`` from the options of ``add_server_options``."""
    return identity_provider(
        args.url, workers=args.workers, server=args.server, backing=args.backing
    )


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def describe_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"min {min(ms):.1f} ms, max {max(ms):.1f} ms"
    )
