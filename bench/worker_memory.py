"""Peak memory of each worker process serving the mock Entra ID, after N requests.

Sends ``--requests`` requests (``--concurrency`` at once) of a mix that touches what a worker
keeps in memory: discovery and JWKS, client-credentials tokens, and John's password-only
sign-in at the portal's client (authorize, sign-in page, password, code, token). Or, with
``--path``, plain GETs of that path (for another origin, e.g. the portal's ``/healthz``).
Then reads ``/proc/<pid>/status`` of every process holding the server's listening socket:
gunicorn's workers (its master apart), or the development server's serving process. Prints
each one's resident memory now (VmRSS) and its peak (VmHWM), before and after.

Run: ``.venv/bin/python bench/worker_memory.py [--url http://localhost:8001]
[--requests 2000]``. Reading another process's /proc needs the same user (or root).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import requests
from _support import add_server_options, started
from journey1_http import PORTAL_CLIENT_ID, Journey

from testsupport.api_tokens import AUDIENCE, AUTOMATION_APP

JOHN = "john@fabrikam.com"
# RFC 7636's example pair (appendix B): every sign-in may use it, each code is single-use.
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def listening_pids(port: int) -> list[int]:
    """Processes holding a socket that listens on ``port`` (IPv4 or IPv6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{inode}]")
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (entry / "fd").iterdir()):
                pids.append(int(entry.name))
        except (PermissionError, FileNotFoundError, ProcessLookupError):
            continue
    return sorted(pids)


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def workers(port: int) -> list[int]:
    """The serving processes: those whose parent also holds the socket (gunicorn's workers),
    else the one process that holds it."""
    holders = listening_pids(port)
    children = [pid for pid in holders if parent_of(pid) in holders]
    return children or holders


def memory_kib(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1))
            for key in ("VmRSS", "VmHWM")}


def idp_mix(url: str, automation_secret: str, portal_secret: str, redirect_uri: str):
    """One unit of the default workload; returns the number of requests it made."""
    meta = requests.get(f"{url}/.well-known/openid-configuration", timeout=10).json()
    local = threading.local()

    def unit(n: int) -> int:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        if n % 4:
            session.get(meta["jwks_uri"], timeout=30).raise_for_status()
            session.post(
                meta["token_endpoint"], auth=(AUTOMATION_APP, automation_secret), timeout=30,
                data={"grant_type": "client_credentials", "resource": AUDIENCE},
            ).raise_for_status()
            return 2
        browser = Journey(url, redirect_uri)
        browser.open(
            f"{meta['authorization_endpoint']}?client_id={PORTAL_CLIENT_ID}&response_type=code"
            f"&redirect_uri={redirect_uri}&scope=openid&state=s{n}&nonce=n{n}"
            f"&code_challenge={CHALLENGE}&code_challenge_method=S256"
        )
        browser.submit({"login": JOHN, "password": "Passw0rd!Demo"}, action="/accounts/login/")
        code = re.search(r"[?&]code=([^&]+)", browser.callback or "")
        if code is None:
            raise RuntimeError(f"no code for {JOHN}")
        browser.session.post(
            meta["token_endpoint"], auth=(PORTAL_CLIENT_ID, portal_secret), timeout=30,
            data={"grant_type": "authorization_code", "code": code.group(1),
                  "redirect_uri": redirect_uri,
                  "code_verifier": VERIFIER},
        ).raise_for_status()
        return 5

    return unit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_options(parser)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--path", help="GET only this path (any origin), instead of the mix")
    parser.add_argument("--redirect-uri", default="http://localhost:8000/oidc/callback/")
    args = parser.parse_args()
    with started(args) as idp:
        port = urlsplit(idp.url).port or 80
        pids = workers(port)
        if not pids:
            raise SystemExit(f"no process of this user listens on port {port}")
        before = {pid: memory_kib(pid) for pid in pids}
        if args.path:
            def unit(_: int) -> int:
                requests.get(f"{idp.url}{args.path}", timeout=30).raise_for_status()
                return 1
        else:
            unit = idp_mix(idp.url, idp.automation_client_secret, idp.portal_client_secret,
                           args.redirect_uri)
        sent = 0
        lock = threading.Lock()

        def worker(n: int) -> None:
            nonlocal sent
            while True:
                with lock:
                    if sent >= args.requests:
                        return
                    sent += 1  # reserve one; the unit's other requests are added after it
                done = unit(n)
                with lock:
                    sent += done - 1
                n += args.concurrency

        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for n in range(args.concurrency):
                pool.submit(worker, n)
        after = {pid: memory_kib(pid) for pid in pids if Path(f"/proc/{pid}").exists()}

    print(f"memory per worker at {idp.url} ({idp.server}) after {sent} requests")
    for pid in pids:
        b, a = before[pid], after.get(pid)
        if a is None:
            print(f"  pid {pid}: exited")
            continue
        print(f"  pid {pid}: RSS {b['VmRSS'] / 1024:6.1f} -> {a['VmRSS'] / 1024:6.1f} MiB, "
              f"peak {a['VmHWM'] / 1024:6.1f} MiB")
    peak = max(a["VmHWM"] for a in after.values()) / 1024 if after else 0
    print(f"  peak RSS of one worker: {peak:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
