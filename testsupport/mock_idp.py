"""The mock Entra ID in its own process, for tests of the portal.

The portal and the IdP have different settings (apps, user model, cookies), so one Python
process cannot serve both: the portal runs on pytest-django's live server and the IdP runs here
as a child process on loopback, with its own SQLite file, seeded, its issuer set to its URL.
The child asks the kernel to stop it when pytest dies, so no server outlives a test run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

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


class MockIdp:
    def __init__(self, *, portal_url: str, workdir: Path, client_secret: str) -> None:
        self.port = _free_port()
        # A host name, not an IP address: the IdP's origin must be one WebAuthn accepts.
        self.url = f"http://localhost:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.idp_test",
            "IDP_DATABASE_URL": f"sqlite:///{workdir / 'idp.sqlite3'}",
            "IDP_BASE_URL": self.url,
            "PORTAL_BASE_URL": portal_url,
            "PORTAL_OIDC_CLIENT_SECRET": client_secret,
            "IDP_QA_API_ENABLED": "true",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = workdir / "idp.log"
        self.process: subprocess.Popen | None = None

    def _manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, timeout: float = 60) -> MockIdp:
        self._manage("migrate", "--noinput", "-v0")
        self._manage("seed_demo")
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
                raise RuntimeError(f"The mock IdP exited; see {self.log}")
            try:
                if requests.get(f"{self.url}/.well-known/openid-configuration", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"The mock IdP did not answer within {timeout} s; see {self.log}")

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
