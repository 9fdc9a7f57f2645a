"""Many requests at the same instant, through the live server's threads: real races."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests

PARALLEL = 10


def all_at_once(
    call: Callable[[], requests.Response], times: int = PARALLEL
) -> list[requests.Response]:
    barrier = threading.Barrier(times)

    def one(_):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(one, range(times)))


def outcomes(responses: list[requests.Response]) -> dict[str, int]:
    """How many answers of each kind: ``{"ok": 1, "400 invalid_grant": 9}``."""
    counts: dict[str, int] = {}
    for r in responses:
        key = "ok" if r.status_code == 200 else f"{r.status_code} {r.json().get('error')}"
        counts[key] = counts.get(key, 0) + 1
    return counts
