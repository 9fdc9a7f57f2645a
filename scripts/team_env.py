"""Print a ``.env`` for a team deployment (README, "Deploying for a team"), every secret fresh.

    .venv/bin/python scripts/team_env.py --db-password 'the sim role's password' > .env

The origins read ``.env`` at the top of the checkout; ``make serve`` too. Defaults are the
machine's own loopback URLs (a first run, checked with curl); behind a TLS proxy pass the
public origins (``--portal-url https://portal.sim.example`` ...) and ``--behind-tls-proxy``.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.settings.devsecrets import generate_rsa_pem


def _one_line(pem: str) -> str:
    # .env values are one line: django-environ turns the \n escapes back into newlines.
    return '"' + pem.strip().replace("\n", "\\n") + '\\n"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal-url", default="http://localhost:8000")
    parser.add_argument("--idp-url", default="http://localhost:8001")
    parser.add_argument("--adfs-url", default="http://localhost:8002")
    parser.add_argument("--db-user", default="sim")
    parser.add_argument("--db-password", required=True)
    parser.add_argument("--db-host", default="localhost:5432")
    parser.add_argument("--redis", default="redis://localhost:6379", help="without a db number")
    parser.add_argument(
        "--behind-tls-proxy", action="store_true",
        help="HTTPS only (redirect, HSTS, secure cookies), X-Forwarded-Proto from the proxy",
    )
    args = parser.parse_args()

    hosts = [urlsplit(url).hostname for url in (args.portal_url, args.idp_url, args.adfs_url)]
    # The health checks ask over loopback on the machine itself.
    hosts += [host for host in ("localhost", "127.0.0.1") if host not in hosts]
    db = f"postgres://{args.db_user}:{args.db_password}@{args.db_host}"
    lines = [
        "# Team deployment (README, Deploying for a team). Secrets: keep this file private.",
        "SIMULATOR_MODE=production",
        f"ALLOWED_HOSTS={','.join(dict.fromkeys(hosts))}",
        f"PORTAL_BASE_URL={args.portal_url}",
        f"IDP_BASE_URL={args.idp_url}",
        f"ADFS_BASE_URL={args.adfs_url}",
        f"DATABASE_URL={db}/sim_portal",
        f"IDP_DATABASE_URL={db}/sim_idp",
        f"ADFS_DATABASE_URL={db}/sim_adfs",
        f"IDP_CACHE_URL={args.redis}/0",
        f"ADFS_CACHE_URL={args.redis}/1",
        f"PORTAL_CACHE_URL={args.redis}/2",
        f"PORTAL_SECRET_KEY={secrets.token_urlsafe(50)}",
        f"IDP_SECRET_KEY={secrets.token_urlsafe(50)}",
        f"ADFS_SECRET_KEY={secrets.token_urlsafe(50)}",
        f"PORTAL_OIDC_CLIENT_SECRET={secrets.token_urlsafe(32)}",
        f"AUTOMATION_CLIENT_SECRET={secrets.token_urlsafe(32)}",
        f"ADFS_FEDERATION_CLIENT_SECRET={secrets.token_urlsafe(32)}",
        f"IDP_SIGNING_KEY={_one_line(generate_rsa_pem())}",
        f"ADFS_SIGNING_KEY={_one_line(generate_rsa_pem())}",
        # QA engineers drive scenarios through the QA API; production mode wants a token.
        "IDP_QA_API_ENABLED=true",
        f"IDP_QA_API_TOKEN={secrets.token_urlsafe(32)}",
        "ADFS_QA_API_ENABLED=true",
        f"ADFS_QA_API_TOKEN={secrets.token_urlsafe(32)}",
    ]
    if args.behind_tls_proxy:
        # Each origin has a host name of its own: HSTS may cover what lies below it.
        lines += ["TRUST_X_FORWARDED_PROTO=true", "SECURE_HSTS_INCLUDE_SUBDOMAINS=true"]
    else:
        # Plain HTTP on this machine only: no HTTPS redirect, cookies without Secure.
        lines += ["SECURE_SSL_REDIRECT=false", "COOKIES_SECURE=false"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
