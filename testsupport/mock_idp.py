"""The simulator's identity providers in their own processes, for tests of the portal.

The origins have different settings (apps, user model, cookies), so one Python process cannot
serve more than one: the portal runs on pytest-django's live server, and the mock Entra ID
(``MockIdp``) and Wingtip AD FS (``MockAdfs``) run here as child processes on loopback, each
with its own SQLite file (or, in the PostgreSQL/Redis run of ``make test``, its own fresh
PostgreSQL database and the run's Redis: ``testsupport.services``), seeded, its issuer set to
its URL. A child asks the kernel to stop it
when pytest dies, so no server outlives a test run.

The mock Entra ID federates wingtip.com to Wingtip AD FS, so the two must agree on each other's
URL and on the federation client's secret whichever starts first, or alone: both take them from
one ``Federation`` per test process (``federation_plan``).
"""

from __future__ import annotations

import ctypes
import functools
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import requests

ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Runs in the child before exec: SIGTERM it when the pytest process goes away.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_database_url(name: str, workdir: Path) -> str:
    """A database of the child's own: a SQLite file in ``workdir``, or a new PostgreSQL database
    when the run has a cluster (``TEST_POSTGRES_URL``, set by ``testsupport.services``)."""
    admin_url = os.environ.get("TEST_POSTGRES_URL")
    if not admin_url:
        return f"sqlite:///{workdir / f'{name}.sqlite3'}"
    from testsupport.services import fresh_database

    return fresh_database(admin_url, f"{name}_{os.getpid()}_{workdir.name}".lower())


def _local_url(port: int) -> str:
    # A host name, not an IP address: an IdP's origin must be one WebAuthn accepts.
    return f"http://localhost:{port}"


@dataclass(frozen=True)
class Federation:
    """What the mock Entra ID and Wingtip AD FS must agree on: where each one is, and the
    secret of the federation client (AD FS seeds it, Entra ID signs in with it)."""

    idp_port: int
    adfs_port: int
    client_secret: str

    @property
    def idp_url(self) -> str:
        return _local_url(self.idp_port)

    @property
    def adfs_url(self) -> str:
        return _local_url(self.adfs_port)

    def env(self) -> dict[str, str]:
        return {
            "IDP_BASE_URL": self.idp_url,
            "ADFS_BASE_URL": self.adfs_url,
            "ADFS_FEDERATION_CLIENT_SECRET": self.client_secret,
        }


@functools.cache
def federation_plan() -> Federation:
    """This test process's federation: the ports are chosen before either child starts."""
    return Federation(
        idp_port=_free_port(), adfs_port=_free_port(), client_secret=secrets.token_urlsafe(32)
    )


class ChildOrigin:
    """One origin of the simulator in a child process: migrated, seeded, then served."""

    name = "origin"
    settings_module = ""
    seed_command = ""

    def __init__(self, *, port: int, workdir: Path, env: dict[str, str]) -> None:
        self.port = port
        self.url = _local_url(port)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.log = workdir / f"{self.name}.log"
        self.process: subprocess.Popen | None = None

    def _manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, timeout: float = 60) -> Self:
        self._manage("migrate", "--noinput", "-v0")
        self._manage(self.seed_command)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [sys.executable, "manage.py", "runserver", f"localhost:{self.port}",
                 "--noreload", "--skip-checks"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # only ctypes before exec: safe
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                if requests.get(f"{self.url}/.well-known/openid-configuration", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout} s; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def reset(self) -> None:
        """Back to the seeded directory: sign-ins, registrations, sessions, used codes."""
        requests.post(f"{self.url}/qa/reset", json={}, timeout=30).raise_for_status()

    def totp(self, upn: str, *, which: str = "code") -> str:
        response = requests.get(f"{self.url}/qa/users/{upn}/totp", timeout=10)
        response.raise_for_status()
        return response.json()[which]


class MockIdp(ChildOrigin):
    """The mock Entra ID, redirecting to the portal at ``portal_url``."""

    name = "idp"
    settings_module = "config.settings.idp_test"
    seed_command = "seed_demo"

    def __init__(
        self,
        *,
        portal_url: str,
        workdir: Path,
        client_secret: str,
        federation: Federation | None = None,
    ) -> None:
        plan = federation or federation_plan()
        # Known to the tests, so that they can use the automation app like a partner would.
        self.automation_secret = secrets.token_urlsafe(24)
        super().__init__(
            port=plan.idp_port,
            workdir=workdir,
            env={
                **plan.env(),
                "IDP_DATABASE_URL": _child_database_url("idp", workdir),
                "PORTAL_BASE_URL": portal_url,
                "PORTAL_OIDC_CLIENT_SECRET": client_secret,
                "AUTOMATION_CLIENT_SECRET": self.automation_secret,
                "IDP_QA_API_ENABLED": "true",
            },
        )


class MockAdfs(ChildOrigin):
    """Wingtip AD FS, with the mock Entra ID's federation client seeded."""

    name = "adfs"
    settings_module = "config.settings.adfs_test"
    seed_command = "seed_adfs"

    def __init__(self, *, workdir: Path, federation: Federation | None = None) -> None:
        self.federation = federation or federation_plan()
        super().__init__(
            port=self.federation.adfs_port,
            workdir=workdir,
            env={
                **self.federation.env(),
                "ADFS_DATABASE_URL": _child_database_url("adfs", workdir),
                "ADFS_QA_API_ENABLED": "true",
            },
        )

    def set_skip_mfa(self, upn: str, *, skip: bool) -> None:
        """AD FS's "MFA is not required for this user" switch, through the QA API."""
        response = requests.post(f"{self.url}/qa/users/{upn}/mfa", json={"skip": skip}, timeout=10)
        response.raise_for_status()
