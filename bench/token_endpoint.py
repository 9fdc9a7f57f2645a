"""Client-credentials tokens per second at the mock Entra ID's token endpoint.

The "Contoso automation" app asks for app-only Partner Center API tokens
(``grant_type=client_credentials``, ``resource`` = the API), ``--concurrency`` requests in
flight at once (8 by default, as a QA team's parallel scenarios), for ``--seconds`` after a
warm-up. Prints tokens per second, the answers by status (any 5xx is a bug: nothing may fail
because another request is in flight) and the latency, and the target: at least half of what a
well-known Node.js OpenID provider does on this machine kind (1,000-1,350 tokens/s).

Run: ``.venv/bin/python bench/token_endpoint.py [--url http://localhost:8001]``. Without
``--url`` it starts the mock Entra ID itself (see ``bench/_support.py``); with one, the
automation client's secret comes from ``AUTOMATION_CLIENT_SECRET`` or ``var/secrets/``.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import requests
from _support import add_server_options, describe_ms, started

from testsupport.api_tokens import AUDIENCE as PARTNER_CENTER_API
from testsupport.api_tokens import AUTOMATION_APP as AUTOMATION_CLIENT_ID

NODE_PROVIDER_RANGE = (1000, 1350)  # tokens/s, measured by the issue on this machine kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_options(parser)
    parser.add_argument("--client-id", default=AUTOMATION_CLIENT_ID)
    parser.add_argument("--client-secret", help="default: the automation client's demo secret")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    args = parser.parse_args()

    with started(args) as idp:
        secret = args.client_secret or idp.automation_client_secret
        if not secret:
            raise SystemExit("no client secret: pass --client-secret or set "
                             "AUTOMATION_CLIENT_SECRET")
        endpoint = requests.get(
            f"{idp.url}/.well-known/openid-configuration", timeout=10
        ).json()["token_endpoint"]
        target = urlsplit(endpoint)
        # The same request every time, encoded once: the load generator shares the machine's
        # cores with the server, so it does as little as it can (plain http.client, no
        # requests session machinery).
        body = urlencode({"grant_type": "client_credentials", "resource": PARTNER_CENTER_API})
        credentials = base64.b64encode(f"{args.client_id}:{secret}".encode()).decode()
        headers = {
            "Authorization": f"Basic {credentials}", "Host": target.netloc,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection_class = (
            http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
        )
        local = threading.local()

        def one() -> tuple[int, float]:
            t0 = time.perf_counter()
            try:
                connection = getattr(local, "connection", None)
                if connection is None:
                    connection = local.connection = connection_class(
                        target.hostname, target.port, timeout=60
                    )
                connection.request("POST", target.path, body, headers)
                response = connection.getresponse()
                answer = response.read()
                status = response.status
                if status == 200 and b'"access_token"' not in answer:
                    status = -1  # a 200 without a token is as wrong as a 500
                if response.will_close:
                    connection.close()
                    local.connection = None
            except (OSError, http.client.HTTPException):
                local.connection = None
                status = 0  # connection refused or reset: lost
            return status, time.perf_counter() - t0

        def run(seconds: float) -> tuple[Counter, list[float], float]:
            statuses: Counter = Counter()
            latencies: list[float] = []
            deadline = time.perf_counter() + seconds
            lock = threading.Lock()

            def worker() -> None:
                while time.perf_counter() < deadline:
                    status, latency = one()
                    with lock:
                        statuses[status] += 1
                        latencies.append(latency)

            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                for _ in range(args.concurrency):
                    pool.submit(worker)
            return statuses, latencies, time.perf_counter() - t0

        run(args.warmup)  # connections, imports, the SQLite page cache, key material
        statuses, latencies, elapsed = run(args.seconds)

    ok = statuses.get(200, 0)
    low, high = (n // 2 for n in NODE_PROVIDER_RANGE)
    print(f"client-credentials tokens at {idp.url} ({idp.server}), "
          f"concurrency {args.concurrency}, {elapsed:.1f} s")
    print(f"  tokens/s:  {ok / elapsed:8.1f}   (target >= 0.5 x {NODE_PROVIDER_RANGE[0]:,}-"
          f"{NODE_PROVIDER_RANGE[1]:,}/s = {low}-{high}/s)")
    print("  answers:   " + ", ".join(
        f"{'lost' if s == 0 else 'bad 200' if s == -1 else s}: {n}"
        for s, n in sorted(statuses.items())
    ))
    print(f"  latency:   {describe_ms(latencies)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
