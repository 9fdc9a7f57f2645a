"""Run the simulator's origins until Ctrl-C: the mock Entra ID, the portal and Wingtip AD FS."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGINS = (
    ("Mock Entra ID", "config.settings.idp", os.environ.get("IDP_ADDR", "localhost:8001")),
    ("Portal", "config.settings.portal", os.environ.get("PORTAL_ADDR", "localhost:8000")),
    ("Wingtip AD FS", "config.settings.adfs", os.environ.get("ADFS_ADDR", "localhost:8002")),
)


def main() -> int:
    processes = []
    for name, settings_module, addr in ORIGINS:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        print(f"{name}: http://{addr}/", flush=True)
        processes.append(
            subprocess.Popen(  # noqa: S603 (fixed arguments)
                [sys.executable, "manage.py", "runserver", addr], cwd=ROOT, env=env
            )
        )
    # `kill` (SIGTERM) stops the demo like Ctrl-C does; a background job ignores SIGINT.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        # If one origin dies, the demo is broken: stop the others too.
        with contextlib.suppress(KeyboardInterrupt):
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return max(p.returncode or 0 for p in processes)


if __name__ == "__main__":
    raise SystemExit(main())
