"""Journey 1 at the HTTP level by N people at once, against the team deployment (``make serve``).

Each simulated person is a Contoso user of their own (``load-0001@contoso.com`` ...; Contoso
asks MFA at every sign-in, like Alejandra), seeded by this script into the mock Entra ID with a
fresh authenticator secret (a TOTP code is single-use per user, so one persona cannot sign in
200 times in the same 30 s). Each one, like a person in a training room:

1. opens Customers (``/commerce/customers/``): portal -> IdP sign-in page;
2. signs in with the password, then the authenticator code: IdP -> portal, Customers opens;
3. opens Support requests, Billing and the Security workspace: no second prompt (a hop to the
   IdP is an error);
4. files a support request (a write: a 303 to the new request).

Between steps a person pauses (``--think``, randomised +-50%); people arrive over ``--ramp``
seconds. Prints the errors, each step's latency (p50/p95/p99, redirects included, what a
person waits for after a click), the journeys' durations without the pauses, and records lost:
the sign-ins the IdP recorded, the support requests and the access decisions the portal
recorded, against what the successful answers promised.

Bounded: loopback URLs only, every request times out, a hard ``--time-limit`` stops the run
(unfinished journeys count as errors). The seeding and the counting run ``manage.py`` with the
deployment's environment (``.env`` or ``ENV_FILE``), so run it on the deployment's machine:

    .venv/bin/python bench/load_journey1.py [--users 200] [--think 5] [--ramp 60]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import html
import ipaddress
import json
import math
import os
import random
import re
import secrets
import statistics
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent

CONTOSO = "contoso.com"
PREFIX = "load-"
STEPS = ("open", "password", "mfa", "support", "billing", "security", "new request", "file")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OPTION_RE = re.compile(r'<select[^>]*name="{name}"[^>]*>(.*?)</select>', re.DOTALL)
VALUE_RE = re.compile(r'<option value="([^"]+)"')


# --- seeding and counting, inside the deployment (manage.py with its environment) ---------

SEED = r"""
import json, sys
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db import transaction
from config.idpkit.allauth_internals import TOTP
from entra.models import Tenant, User
spec = json.load(sys.stdin)
tenant = Tenant.objects.get(domain=spec["domain"])
hashed = make_password(spec["password"])  # one hash for all: seeding 200 users stays fast
with transaction.atomic():
    for upn, secret in spec["users"].items():
        user, _ = User.objects.update_or_create(email=upn, defaults={
            "tenant": tenant, "given_name": "Load", "family_name": upn.split("@")[0],
            "roles": ["AdminAgent"], "password": hashed, "is_active": True})
        EmailAddress.objects.update_or_create(
            user=user, email=upn, defaults={"verified": True, "primary": True})
        # A fresh secret each run: codes already used by an earlier run stay refused.
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, secret)
print(json.dumps({"seeded": len(spec["users"])}))
"""

COUNT_IDP = r"""
import json, sys
from entra.models import SignIn
spec = json.load(sys.stdin)
rows = SignIn.objects.filter(user__email__startswith=spec["prefix"], created_at__gte=spec["since"])
amrs = list(rows.values_list("amr", flat=True))
print(json.dumps({"sign_ins": len(amrs), "with_mfa": sum(1 for amr in amrs if "mfa" in amr)}))
"""

COUNT_PORTAL = r"""
import json, sys
from compliance.models import AccessDecision
from support.models import SupportRequest
spec = json.load(sys.stdin)
print(json.dumps({
    "support_requests": SupportRequest.objects.filter(
        created_by_upn__startswith=spec["prefix"], created_at__gte=spec["since"],
        title=spec["title"]).count(),
    "access_decisions": AccessDecision.objects.filter(
        principal__startswith=spec["prefix"], created_at__gte=spec["since"]).count(),
}))
"""

DELETE_USERS = r"""
import json, sys
from entra.models import User
spec = json.load(sys.stdin)
print(json.dumps({"deleted": User.objects.filter(email__startswith=spec["prefix"]).delete()[0]}))
"""


def manage_shell(settings_module: str, code: str, spec: dict) -> dict:
    result = subprocess.run(  # noqa: S603 (this script's own snippets)
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, input=json.dumps(spec),
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module},
        capture_output=True, text=True, timeout=300, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py shell ({settings_module}) failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- one person ---------------------------------------------------------------------------

def totp_now(secret: str, at: float | None = None) -> str:
    """RFC 6238, as the authenticator app on the person's phone computes it."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class JourneyError(Exception):
    """One person's journey went wrong; the message names the step (kept as that person's
    error, so one failure does not stop the others)."""


@dataclass
class Person:
    upn: str
    secret: str
    portal: str
    idp: str
    password: str
    timings: dict[str, float] = field(default_factory=dict)
    busy: float = 0.0  # seconds spent waiting on the servers (pauses excluded)
    error: str | None = None
    filed: bool = False
    protected_answers: int = 0  # portal pages of MFA areas answered 200 (access decisions)
    began: float = 0.0  # wall-clock span of the journey, for the peak of concurrent people
    ended: float = 0.0

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.page: requests.Response | None = None

    def _follow(self, response: requests.Response, deadline: float) -> requests.Response:
        hops = 0
        while response.status_code in (301, 302, 303):
            hops += 1
            if hops > 20:
                raise JourneyError("redirect loop")
            url = urljoin(response.url, response.headers["Location"])
            response = self.session.get(url, allow_redirects=False, timeout=_timeout(deadline))
        return response

    def _step(self, name: str, call, deadline: float) -> requests.Response:
        started = time.monotonic()
        try:
            response = self._follow(call(), deadline)
        except requests.RequestException as exc:
            raise JourneyError(f"{name}: {type(exc).__name__}") from exc
        elapsed = time.monotonic() - started
        self.timings[name] = elapsed
        self.busy += elapsed
        if response.status_code != 200:
            raise JourneyError(f"{name}: HTTP {response.status_code} at {response.url}")
        self.page = response
        return response

    def _get(self, name: str, path: str, deadline: float) -> requests.Response:
        return self._step(name, lambda: self.session.get(
            self.portal + path, allow_redirects=False, timeout=_timeout(deadline)), deadline)

    def _post(self, name: str, data: dict[str, str], deadline: float, action: str | None = None):
        page = self.page
        token = CSRF_RE.search(page.text)
        payload = dict(data)
        if token:
            payload["csrfmiddlewaretoken"] = token.group(1)
        next_field = re.search(r'name="next" value="([^"]*)"', page.text)
        if next_field:
            payload.setdefault("next", html.unescape(next_field.group(1)))
        url = urljoin(page.url, action) if action else page.url
        return self._step(name, lambda: self.session.post(
            url, data=payload, allow_redirects=False, timeout=_timeout(deadline),
            headers={"Referer": page.url}), deadline)

    def run(self, *, think: float, deadline: float, rng: random.Random, title: str) -> None:
        def pause() -> None:
            if think:
                time.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, deadline - time.time())))

        self.began = time.time()
        try:
            page = self._get("open", "/commerce/customers/", deadline)
            if not page.url.startswith(self.idp):
                raise JourneyError(f"open: landed on {page.url}, not the IdP's sign-in")
            pause()
            page = self._post("password", {"login": self.upn, "password": self.password},
                              deadline, action="/accounts/login/")
            if not page.url.startswith(self.idp):
                raise JourneyError(f"password: landed on {page.url}, not the MFA prompt")
            pause()
            page = self._post("mfa", {"code": totp_now(self.secret)}, deadline)
            if not page.url.startswith(f"{self.portal}/commerce/customers/"):
                raise JourneyError(f"mfa: landed on {page.url}")
            self.protected_answers += 1
            for name, path in (("support", "/dashboard/v2/support/customers/"),
                               ("billing", "/billing/"), ("security", "/security/")):
                pause()
                page = self._get(name, path, deadline)
                if not page.url.startswith(self.portal + path):
                    raise JourneyError(f"{name}: a second prompt ({page.url})")
                self.protected_answers += 1
            pause()
            page = self._get("new request", "/dashboard/v2/support/customers/new", deadline)
            self.protected_answers += 1
            customers = OPTION_RE.pattern.format(name="customer")
            options = re.search(customers, page.text, re.DOTALL)
            if not options or not VALUE_RE.search(options.group(1)):
                raise JourneyError("new request: no customer to choose")
            severities = re.search(OPTION_RE.pattern.format(name="severity"), page.text, re.DOTALL)
            pause()
            page = self._post("file", {
                "customer": VALUE_RE.search(options.group(1)).group(1),
                "title": title,
                "description": "Filed by the load script: journey 1 under load.",
                "severity": VALUE_RE.search(severities.group(1)).group(1) if severities else "C",
                "contact_email": self.upn,
            }, deadline)
            self.protected_answers += 2  # the 303 and the new request's page
            if "/dashboard/v2/support/customers/" not in page.url or page.url.endswith("/new"):
                raise JourneyError(f"file: not created ({page.url})")
            self.filed = True
        except JourneyError as exc:
            self.error = str(exc)
        except Exception as exc:  # a bug in this script must not hide the others' figures
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.ended = time.time()
            self.session.close()


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash, refused unless it names this machine: a load run must
    never be pointed at someone else's server."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if not loopback:
        raise SystemExit(f"{url}: the load script runs against loopback addresses only")
    return url.rstrip("/")


def _timeout(deadline: float) -> float:
    remaining = deadline - time.time()
    if remaining <= 0:
        raise JourneyError("time limit")
    return min(30.0, remaining)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    # Nearest rank: the smallest value with at least q% of the values at or below it.
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def peak_concurrency(people: list[Person]) -> int:
    """The most people mid-journey (between their first click and their last answer) at once."""
    events = sorted(
        [(p.began, 1) for p in people if p.began] + [(p.ended, -1) for p in people if p.ended]
    )
    active = peak = 0
    for _, change in events:
        active += change
        peak = max(peak, active)
    return peak


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--portal-url", default="http://localhost:8000")
    parser.add_argument("--idp-url", default="http://localhost:8001")
    # A person reads a page, types a password, reads a code off a phone: seconds, not 0.
    parser.add_argument("--think", type=float, default=5.0, help="seconds between steps")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds over which people arrive")
    parser.add_argument("--time-limit", type=float, default=300.0, help="hard stop, seconds")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "Passw0rd!Demo"))
    parser.add_argument("--keep-users", action="store_true", help="leave the load users seeded")
    args = parser.parse_args()
    if not 1 <= args.users <= 1000:
        raise SystemExit("--users: between 1 and 1000")
    portal, idp = loopback_url(args.portal_url), loopback_url(args.idp_url)
    for name, url in (("portal", portal), ("IdP", idp)):
        try:
            health = requests.get(f"{url}/healthz", timeout=10)
        except requests.RequestException as exc:
            raise SystemExit(f"The {name} at {url} does not answer ({exc})") from exc
        if health.status_code != 200:
            raise SystemExit(f"The {name} is not healthy: {health.text}")

    run_id = secrets.token_hex(3)
    users = {f"{PREFIX}{i:04d}@{CONTOSO}": base64.b32encode(secrets.token_bytes(20)).decode()
             for i in range(1, args.users + 1)}
    print(f"Seeding {len(users)} load users into the mock Entra ID ...", flush=True)
    manage_shell("config.settings.idp", SEED,
                 {"domain": CONTOSO, "password": args.password, "users": users})
    since = datetime.now(UTC).isoformat()
    title = f"Load run {run_id}"

    # Pauses need variety, not secrecy: a seeded generator makes a run repeatable.
    rng = random.Random(run_id)  # noqa: S311
    people = [Person(upn, secret, portal, idp, args.password) for upn, secret in users.items()]
    started = time.time()
    deadline = started + args.time_limit
    threads = []

    def arrive(person: Person, delay: float, person_rng: random.Random) -> None:
        time.sleep(delay)
        person.run(think=args.think, deadline=deadline, rng=person_rng, title=title)

    for index, person in enumerate(people):
        delay = args.ramp * index / max(1, len(people) - 1)
        thread = threading.Thread(
            target=arrive, args=(person, delay, random.Random(rng.random())),  # noqa: S311
            daemon=True,  # the hard time limit: the interpreter leaves without them
        )
        threads.append(thread)
        thread.start()
    print(f"{len(people)} people started over {args.ramp:.0f} s, pauses ~{args.think:.1f} s, "
          f"hard limit {args.time_limit:.0f} s", flush=True)
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.time()))
    wall = time.time() - started
    unfinished = [p for p in people if p.error is None and not p.filed]
    for person in unfinished:
        person.error = "time limit: journey unfinished"

    errors = Counter(p.error.split(" at ")[0] for p in people if p.error)
    ok = [p for p in people if p.error is None]
    print(f"\nJourney 1 x {len(people)} against {portal} and {idp}: {wall:.1f} s wall")
    print(f"  completed: {len(ok)}   errors: {sum(errors.values())}   "
          f"people mid-journey at once (peak): {peak_concurrency(people)}")
    for message, count in errors.most_common(10):
        print(f"    {count:4d} x {message}")
    all_steps = [t for p in people for t in p.timings.values()]
    print(f"  every step (a click, redirects included), {len(all_steps)} steps:")
    print(f"    p50 {ms(percentile(all_steps, 50))}   p95 {ms(percentile(all_steps, 95))}   "
          f"p99 {ms(percentile(all_steps, 99))}   max {ms(max(all_steps, default=0))}")
    for step in STEPS:
        values = [p.timings[step] for p in people if step in p.timings]
        if values:
            print(f"    {step:12s} p50 {ms(percentile(values, 50))}   "
                  f"p95 {ms(percentile(values, 95))}   p99 {ms(percentile(values, 99))}")
    busy = [p.busy for p in ok]
    if busy:
        print(f"  a journey's waiting (pauses excluded): median {ms(statistics.median(busy))}, "
              f"p95 {ms(percentile(busy, 95))}")

    time.sleep(1)  # the last answers' writes are committed before their responses; be sure
    idp_counts = manage_shell("config.settings.idp", COUNT_IDP, {"prefix": PREFIX, "since": since})
    portal_counts = manage_shell("config.settings.portal", COUNT_PORTAL,
                                 {"prefix": PREFIX, "since": since, "title": title})
    signed_in = sum(1 for p in people if "mfa" in p.timings)
    filed = sum(1 for p in people if p.filed)
    answered = sum(p.protected_answers for p in people)
    print("  records (expected from the successful answers -> recorded):")
    lost = 0
    for name, expected, recorded, exact in (
        ("IdP sign-ins with MFA", signed_in, idp_counts["with_mfa"], True),
        ("support requests (303 -> row)", filed, portal_counts["support_requests"], True),
        # At least: a failed step may have been recorded too (a 4xx/5xx is a decision).
        ("portal access decisions", answered, portal_counts["access_decisions"], False),
    ):
        missing = max(0, expected - recorded)
        extra = recorded - expected if exact else 0
        lost += missing
        print(f"    {name:32s} {expected:6d} -> {recorded:6d}"
              f"{'   LOST ' + str(missing) if missing else ''}"
              f"{'   UNEXPECTED ' + str(extra) if extra > 0 else ''}")
    print(f"  records lost: {lost}")
    if not args.keep_users:
        manage_shell("config.settings.idp", DELETE_USERS, {"prefix": PREFIX})
    target_met = not errors and lost == 0 and percentile(all_steps, 95) < 1.0
    print(f"  target (no error, nothing lost, p95 of a step < 1 s): "
          f"{'met' if target_met else 'NOT met'}")
    return 0 if not errors and lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
