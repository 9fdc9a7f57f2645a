"""What bearer-token validation costs the Partner Center API, in requests per second.

One protected endpoint (``GET /v1/customers``, App+User with MFA), called in-process through
Django's test client (so HTTP parsing does not hide the difference) in interleaved rounds:

- validated: the real path (RS256 signature against the JWKS, iss/aud/exp/nbf, claim shapes),
  one token reused, as a client does for its token's lifetime (the verified-token cache);
- bypassed: the same request with the verification replaced by a plain decode of the payload;
- cold: a new token on every request (the cache never hits: the signature check every time).

Prints the figures and the ratio validated/bypassed (the issue's target: at least 0.90).
Run: ``.venv/bin/python bench/api_token_validation.py [--requests 3000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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
    import jwt
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.provider import forget_provider
    from api import authentication
    from api.tokens import forget_verified_tokens
    from compliance.models import AccessDecision
    from testsupport.api_tokens import access_token_claims
    from testsupport.key_provider import KeyProvider

    call_command("migrate", verbosity=0)
    provider = KeyProvider()
    provider.add_key("k1")
    settings.OIDC_AUTHORITY = provider.issuer
    forget_provider()
    forget_verified_tokens()
    client = Client(HTTP_HOST="localhost")
    token = provider.sign(access_token_claims())

    def unverified(raw: str) -> dict:
        return jwt.decode(raw, options={"verify_signature": False})

    def run(variant: str, count: int) -> float:
        headers = [token] * count
        if variant == "cold":
            headers = [
                provider.sign({**access_token_claims(), "jti": str(i)}) for i in range(count)
            ]
        patch = (
            mock.patch.object(authentication, "verify_access_token", unverified)
            if variant == "bypassed" else contextlib.nullcontext()
        )
        with patch:
            started = time.perf_counter()
            for bearer in headers:
                response = client.get("/v1/customers", HTTP_AUTHORIZATION=f"Bearer {bearer}")
                if response.status_code != 200:
                    raise SystemExit(f"{variant}: {response.status_code} {response.content!r}")
            return time.perf_counter() - started

    # Warm up: the tenant's demo records, the JWKS fetch, imports, the SQLite page cache.
    run("validated", 50)
    run("bypassed", 50)
    per_round = max(1, args.requests // args.rounds)
    totals = {"validated": 0.0, "bypassed": 0.0, "cold": 0.0}
    for _ in range(args.rounds):
        for variant in ("validated", "bypassed", "cold"):
            totals[variant] += run(variant, per_round)
    done = per_round * args.rounds
    rps = {variant: done / seconds for variant, seconds in totals.items()}
    provider.stop()

    print(f"GET /v1/customers, {done} requests per variant, {args.rounds} interleaved rounds")
    print(f"  validated (cached verification): {rps['validated']:8.1f} req/s")
    print(f"  validation bypassed:             {rps['bypassed']:8.1f} req/s")
    print(f"  cold (new token every request):  {rps['cold']:8.1f} req/s")
    print(f"  ratio validated / bypassed:      {rps['validated'] / rps['bypassed']:8.3f}"
          "  (target >= 0.90)")
    print(f"  ratio cold / bypassed:           {rps['cold'] / rps['bypassed']:8.3f}")
    print(f"  decisions recorded: {AccessDecision.objects.count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
