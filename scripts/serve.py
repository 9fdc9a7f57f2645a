"""Run the three origins under gunicorn for a team (``make serve``), until Ctrl-C or SIGTERM.

For each origin (the mock Entra ID, the portal, Wingtip AD FS): check the settings, migrate,
collect the static files (whitenoise serves them), seed (``SERVE_SEED=false`` skips it), then
start gunicorn with ``SERVE_WORKERS`` processes of ``SERVE_THREADS`` threads. Once every
``/healthz`` answers 200 it prints the URLs. If one origin stops, the others are stopped too.

Refuses to start, naming the variable, when several workers would each keep their own cache
(``IDP_CACHE_URL``/``ADFS_CACHE_URL`` unset or ``locmemcache://``): the identity providers keep
authorization codes, device codes, used TOTP codes and rate-limit counters there, and a code
issued by one worker must be redeemable at another.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Origin:
    name: str
    key: str  # for SERVE_ORIGIN (log lines) and the address variable
    settings_module: str
    wsgi: str
    addr_var: str
    default_addr: str
    cache_var: str | None  # the cache every worker must share, if the origin has one
    seed_command: str


ORIGINS = (
    Origin("Mock Entra ID", "idp", "config.settings.idp", "config.wsgi_idp:application",
           "IDP_ADDR", "localhost:8001", "IDP_CACHE_URL", "seed_demo"),
    Origin("Portal", "portal", "config.settings.portal", "config.wsgi_portal:application",
           "PORTAL_ADDR", "localhost:8000", None, ""),
    Origin("Wingtip AD FS", "adfs", "config.settings.adfs", "config.wsgi_adfs:application",
           "ADFS_ADDR", "localhost:8002", "ADFS_CACHE_URL", "seed_adfs"),
)
CACHE_DEFAULTS = {"IDP_CACHE_URL": "locmemcache://entra", "ADFS_CACHE_URL": "locmemcache://adfs"}


def _positive_int(var: str, default: int) -> int:
    raw = os.environ.get(var, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{var}={raw!r}: a whole number of at least 1.")
    return int(raw)


def _binds(addr: str) -> list[str]:
    """gunicorn ``--bind`` arguments: ``localhost`` on both loopback families, since clients
    resolve it to ::1 first or to 127.0.0.1 first depending on the machine."""
    host, _, port = addr.rpartition(":")
    if not port.isdigit():
        raise SystemExit(f"{addr!r}: use host:port, e.g. localhost:8001.")
    if host == "localhost":
        binds = [f"127.0.0.1:{port}"]
        with contextlib.suppress(OSError):
            import socket

            with socket.socket(socket.AF_INET6) as probe:
                probe.bind(("::1", 0))
            binds.append(f"[::1]:{port}")
        return binds
    return [addr]


# Imports one origin's settings and prints only the message of a bad or missing setting (it
# names the variable), rather than the traceback manage.py would show.
_SETTINGS_CHECK = """
import importlib, sys
from django.core.exceptions import ImproperlyConfigured
try:
    importlib.import_module(sys.argv[1])
except ImproperlyConfigured as exc:
    sys.exit(f"{sys.argv[2]}: {exc}")
"""


def _check_settings(origin: Origin, env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", _SETTINGS_CHECK, origin.settings_module, origin.name],
        cwd=ROOT, env=env, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(1)


def _check_shared_caches(workers: int) -> None:
    from django.core.exceptions import ImproperlyConfigured

    try:
        # Reading the base settings also loads .env into this environment, so that gunicorn's
        # configuration sees LOG_FORMAT and SIMULATOR_MODE as the origins do.
        from config.settings.base import cache, is_shared_cache

        caches = {var: cache(var, default=default) for var, default in CACHE_DEFAULTS.items()}
    except ImproperlyConfigured as exc:
        raise SystemExit(str(exc)) from None
    if workers < 2:
        return
    for var, config in caches.items():
        if not is_shared_cache(config):
            raise SystemExit(
                f"{var} is {os.environ.get(var, 'unset')!r}: with SERVE_WORKERS={workers} each "
                "worker would keep its own codes and counters. Set it to a shared cache, e.g. "
                f"redis://localhost:6379/{list(CACHE_DEFAULTS).index(var)} "
                "(see README, Deploying for a team)."
            )


def _manage(origin: Origin, env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{origin.name}: manage.py {' '.join(args)} failed (see above).")


def _wait_healthy(urls: dict[str, str], processes: list[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(urls)
    while pending and time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            return
        for name, url in list(pending.items()):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    print(f"{name}: healthy at {url}/healthz", flush=True)
                    del pending[name]
        time.sleep(0.5)
    for name, url in pending.items():
        print(f"{name}: {url}/healthz does not answer 200 yet", file=sys.stderr, flush=True)


def main() -> int:
    workers = _positive_int("SERVE_WORKERS", 3)
    threads = _positive_int("SERVE_THREADS", 4)
    _check_shared_caches(workers)
    seed = os.environ.get("SERVE_SEED", "true").lower() not in ("0", "false", "no", "off")
    base_env = {
        **os.environ,
        # Persistent PostgreSQL connections, one per thread: reused for a minute.
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        "SERVE_WORKERS": str(workers),
        "SERVE_THREADS": str(threads),
    }

    for origin in ORIGINS:
        env = {**base_env, "DJANGO_SETTINGS_MODULE": origin.settings_module}
        print(f"{origin.name}: checking, migrating, collecting static files", flush=True)
        _check_settings(origin, env)
        _manage(origin, env, "check", "--fail-level", "ERROR")
        _manage(origin, env, "migrate", "--noinput", "-v0")
        _manage(origin, env, "collectstatic", "--noinput", "-v0")
        if seed and origin.seed_command:
            _manage(origin, env, origin.seed_command)

    processes: list[subprocess.Popen] = []
    urls: dict[str, str] = {}
    for origin in ORIGINS:
        addr = os.environ.get(origin.addr_var, origin.default_addr)
        env = {**base_env, "DJANGO_SETTINGS_MODULE": origin.settings_module,
               "SERVE_ORIGIN": origin.key}
        binds = [arg for bind in _binds(addr) for arg in ("--bind", bind)]
        processes.append(
            subprocess.Popen(  # noqa: S603 (fixed arguments)
                [sys.executable, "-m", "gunicorn", "--config", "scripts/gunicorn_conf.py",
                 *binds, origin.wsgi],
                cwd=ROOT, env=env,
            )
        )
        urls[origin.name] = f"http://{addr}"
        print(f"{origin.name}: gunicorn on {addr}, {workers} workers x {threads} threads",
              flush=True)

    # `kill` (SIGTERM) stops the origins like Ctrl-C does; a background job ignores SIGINT.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            _wait_healthy(urls, processes, timeout=60)
            # If one origin dies, the deployment is broken: stop the others too.
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()  # gunicorn: graceful stop, requests in flight finish
        for p in processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    return max(p.returncode or 0 for p in processes)


if __name__ == "__main__":
    raise SystemExit(main())
