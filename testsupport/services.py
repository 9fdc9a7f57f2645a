"""A throwaway PostgreSQL cluster and Redis server for one test run, on free loopback ports.

``make test`` runs the protocol and journey tests a second time against PostgreSQL and Redis,
the team deployment's database and cache, without relying on a cluster someone left running:

    python -m testsupport.services -- pytest ...

initialises a PostgreSQL cluster in a temporary directory with Debian's binaries
(``/usr/lib/postgresql/<version>/bin``), starts it and a Redis server without persistence,
creates one database per origin, runs the command with their URLs in its environment, then
stops both and deletes the directory, whatever the command's outcome. PostgreSQL refuses to run
as root (CI's user): it then runs as ``nobody``, owning the directory. Both servers are children
that the kernel stops if this process dies, so nothing outlives the run.

Environment given to the command (the settings modules read these):

- ``IDP_DATABASE_URL``, ``DATABASE_URL``, ``ADFS_DATABASE_URL``: one database per origin
  (pytest-django creates its ``test_*`` database next to it);
- ``IDP_TEST_CACHE_URL``, ``ADFS_TEST_CACHE_URL``, ``PORTAL_CACHE_URL``: one Redis database
  each, since tests clear their cache (``FLUSHDB``);
- ``TEST_POSTGRES_URL``: the maintenance database, where ``testsupport.mock_idp`` creates a fresh
  database for each identity provider it starts in a child process.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from testsupport.mock_idp import _free_port

PR_SET_PDEATHSIG = 1
UNPRIVILEGED_USER = "nobody"  # PostgreSQL's server refuses to run as root


def _stop_with_parent(sig: signal.Signals) -> None:
    # Runs in the child after its user change (CPython calls preexec_fn after setreuid), which
    # would otherwise clear the setting.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig)


def postgres_bindir() -> Path:
    """Debian's newest PostgreSQL server binaries (the ``postgresql`` package)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise RuntimeError(
            "No PostgreSQL server binaries in /usr/lib/postgresql/*/bin: "
            "apt-get install postgresql (make test does it as root)."
        )
    return candidates[-1].parent


def redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("No redis-server: apt-get install redis-server (make test does it).")
    return binary


def _wait_for(check, what: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        try:
            check()
            return
        except Exception:  # not listening yet
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {timeout} s:\n{log.read_text()}")


class ThrowawayPostgres:
    """A PostgreSQL cluster in ``workdir`` on a free loopback port, trust authentication,
    durability off (fsync, synchronous commit): its data dies with the run anyway."""

    superuser = "postgres"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.datadir = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self._as_user: dict[str, object] = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(workdir, account.pw_uid, account.pw_gid)
            self._as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def url(self, database: str) -> str:
        return f"postgres://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def start(self) -> ThrowawayPostgres:
        bindir = postgres_bindir()
        subprocess.run(  # noqa: S603 (fixed arguments)
            [bindir / "initdb", "-D", self.datadir, "-U", self.superuser, "-A", "trust",
             "-E", "UTF8", "--no-locale", "--no-sync"],
            cwd=self.workdir, check=True, capture_output=True, **self._as_user,
        )
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": "",  # TCP on loopback only: no socket file to clean up
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
        }
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [bindir / "postgres", "-D", self.datadir, *options],
                cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=lambda: _stop_with_parent(signal.SIGQUIT),  # only ctypes: safe
                **self._as_user,
            )
        _wait_for(lambda: self.connect("postgres").close(), "PostgreSQL", self.process, self.log)
        return self

    def connect(self, database: str):
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=2)

    def create_database(self, name: str) -> str:
        from psycopg import sql

        with contextlib.closing(self.connect("postgres")) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: sessions are ended
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ThrowawayRedis:
    """redis-server on a free loopback port, nothing persisted."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.log = workdir / "redis.log"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> ThrowawayRedis:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--databases", "16",
                 "--dir", str(self.workdir), "--protected-mode", "yes"],
                cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=lambda: _stop_with_parent(signal.SIGTERM),  # only ctypes: safe
            )

        def ping() -> None:
            import redis

            redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2).ping()

        _wait_for(ping, "Redis", self.process, self.log)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def postgres_and_redis() -> Iterator[dict[str, str]]:
    """Both servers running, with the environment that points the settings at them."""
    workdir = Path(tempfile.mkdtemp(prefix="pc-sim-services-"))
    postgres, redis_server = ThrowawayPostgres(workdir), ThrowawayRedis(workdir)
    try:
        postgres.start()
        redis_server.start()
        yield {
            "IDP_DATABASE_URL": postgres.create_database("sim_idp"),
            "DATABASE_URL": postgres.create_database("sim_portal"),
            "ADFS_DATABASE_URL": postgres.create_database("sim_adfs"),
            "TEST_POSTGRES_URL": postgres.url("postgres"),
            "IDP_TEST_CACHE_URL": redis_server.url(0),
            "ADFS_TEST_CACHE_URL": redis_server.url(1),
            "PORTAL_CACHE_URL": redis_server.url(2),
        }
    finally:
        redis_server.stop()
        postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """A new, empty database ``name`` in the cluster of ``admin_url``; its URL."""
    import psycopg
    from psycopg import sql

    with contextlib.closing(psycopg.connect(admin_url, autocommit=True)) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def _raise_interrupt(signum: int, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run a command with a throwaway PostgreSQL cluster and Redis server."
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    # CI or a person stopping the run: unwind through the finally blocks, servers stopped.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGHUP, _raise_interrupt)
    with postgres_and_redis() as environment:
        print("PostgreSQL and Redis for this run: "
              f"{environment['TEST_POSTGRES_URL']}, {environment['IDP_TEST_CACHE_URL']}",
              flush=True)
        try:
            return subprocess.run(command, env={**os.environ, **environment}).returncode  # noqa: S603
        except KeyboardInterrupt:
            return 130


if __name__ == "__main__":
    sys.exit(main())
