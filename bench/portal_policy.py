"""What the access policy costs a protected page of the portal, in requests per second.

One MFA-protected page (Customers, ``GET /commerce/customers/``) for a signed-in Admin agent
whose ID token says ``mfa``, called in-process through Django's test client (so HTTP parsing does
not hide the difference), in interleaved rounds:

- with the policy: the real middleware stack (``portal.middleware.AccessPolicyMiddleware``
  decides sign-in, MFA and role, marks the answer ``no-store`` and records the decision for the
  compliance figures);
- without it: the same stack and request with that one middleware left out.

Prints both figures and the ratio with / without. Run:
``.venv/bin/python bench/portal_policy.py [--requests 3000]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = "/commerce/customers/"
POLICY_MIDDLEWARE = "portal.middleware.AccessPolicyMiddleware"
CONTOSO = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
UPN = "admin.agent@contoso.com"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="per variant")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="pc-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.portal"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'portal.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings

    from accounts.identity import CLAIMS_SESSION_KEY
    from compliance.models import AccessDecision
    from portal.workspace import workspace_ensure

    call_command("migrate", verbosity=0)
    object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"user:{UPN}"))
    user, _ = get_user_model().objects.get_or_create(username=object_id, email=UPN)
    workspace_ensure(partner_tenant_id=CONTOSO)

    def signed_in_client() -> Client:
        # As a verified ID token leaves the session (accounts.backends): the claims only.
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        session = client.session
        session[CLAIMS_SESSION_KEY] = {
            "sub": object_id, "oid": object_id, "tid": CONTOSO, "upn": UPN, "name": UPN,
            "roles": ["AdminAgent"], "amr": ["pwd", "mfa"],
        }
        session.save()
        return client

    with_policy = signed_in_client()
    without_policy = signed_in_client()
    # The test client builds its middleware chain at its first request: build this one's now,
    # without the policy, and it keeps it.
    stack = [m for m in settings.MIDDLEWARE if m != POLICY_MIDDLEWARE]
    with override_settings(MIDDLEWARE=stack):
        without_policy.get(PAGE)

    def run(client: Client, count: int) -> float:
        t0 = time.perf_counter()
        for _ in range(count):
            response = client.get(PAGE)
            if response.status_code != 200:
                raise SystemExit(f"{response.status_code} {response.content[:300]!r}")
        return time.perf_counter() - t0

    run(with_policy, 50)  # warm up: templates, the tenant's demo records, the page cache
    run(without_policy, 50)
    per_round = max(1, args.requests // args.rounds)
    totals = {"with": 0.0, "without": 0.0}
    for _ in range(args.rounds):
        totals["with"] += run(with_policy, per_round)
        totals["without"] += run(without_policy, per_round)
    done = per_round * args.rounds
    rps = {variant: done / seconds for variant, seconds in totals.items()}

    print(f"GET {PAGE} (Admin agent, MFA), {done} requests per variant, "
          f"{args.rounds} interleaved rounds")
    print(f"  with AccessPolicyMiddleware:    {rps['with']:8.1f} req/s "
          f"({1000 / rps['with']:.2f} ms)")
    print(f"  without it:                     {rps['without']:8.1f} req/s "
          f"({1000 / rps['without']:.2f} ms)")
    print(f"  ratio with / without:           {rps['with'] / rps['without']:8.3f}")
    print(f"  decisions recorded: {AccessDecision.objects.count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
