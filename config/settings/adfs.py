"""Wingtip AD FS (default http://localhost:8002): the identity provider wingtip.com is
federated to. Its own origin, database, cookies, secret key and signing key; the mock Entra ID
reaches it only through OpenID Connect, as the client ``ADFS_FEDERATION_CLIENT_ID``."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ADFS_FEDERATION_CLIENT_SECRET,
    DEMO,
    VAR_DIR,
    cache,
    database,
    env,
    static_root,
)
from .devsecrets import dev_secret, generate_rsa_pem
from .identity_provider import allauth_provider, qa_api

SECRET_KEY = env.str("ADFS_SECRET_KEY", default="") or dev_secret(
    "adfs_secret_key", env_var="ADFS_SECRET_KEY", demo=DEMO
)

INSTALLED_APPS = [
    *DJANGO_APPS,  # noqa: F405
    "adfs",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.idp.oidc",
]

MIDDLEWARE = [*MIDDLEWARE, "allauth.account.middleware.AccountMiddleware"]  # noqa: F405

ROOT_URLCONF = "config.urls_adfs"
WSGI_APPLICATION = "config.wsgi_adfs.application"

DATABASES = {
    "default": database("ADFS_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'adfs.sqlite3'}")
}
# Authorization codes, used TOTP codes and rate-limit counters live in the cache: several
# worker processes need a shared one (e.g. dbcache:// or redis://).
CACHES = {"default": cache("ADFS_CACHE_URL", default="locmemcache://adfs")}
STATIC_ROOT = static_root("adfs")

AUTH_USER_MODEL = "adfs.User"

# Three origins on one host differ only by port and cookies ignore ports.
SESSION_COOKIE_NAME = "adfs_session"
CSRF_COOKIE_NAME = "adfs_csrftoken"
LANGUAGE_COOKIE_NAME = "adfs_language"

LOGIN_REDIRECT_URL = "adfs:home"

# Sign-in by UPN, rate limits, single-use TOTP codes, JWT access tokens: as the mock Entra ID.
globals().update(allauth_provider("ADFS"))

# --- allauth.account: AD FS signs in the directory's users; nobody signs up.
ACCOUNT_ADAPTER = "adfs.adapters.account.AdfsAccountAdapter"
# --- allauth.mfa: the AD FS's own MFA is an authenticator app (TOTP), nothing else.
MFA_SUPPORTED_TYPES = ["totp"]
MFA_TOTP_ISSUER = "Wingtip AD FS"

# --- allauth.idp.oidc
IDP_OIDC_ADAPTER = "adfs.adapters.oidc.AdfsOIDCAdapter"
IDP_OIDC_PRIVATE_KEY = env.str("ADFS_SIGNING_KEY", multiline=True, default="") or dev_secret(
    "adfs_signing_key.pem", env_var="ADFS_SIGNING_KEY", demo=DEMO, generate=generate_rsa_pem
)

ADFS = {
    # The QA control API (reset, TOTP codes, the skip-MFA switch) and the trainer's page
    # (demo mode only), with an optional bearer token.
    **qa_api("ADFS"),
    "DEMO_PASSWORD": env.str("DEMO_PASSWORD", default="Passw0rd!Demo"),
    "SHOW_DEMO_ACCOUNTS": env.bool("ADFS_SHOW_DEMO_ACCOUNTS", default=DEMO),
}
if not ADFS_FEDERATION_CLIENT_SECRET:
    raise ImproperlyConfigured(
        "Set ADFS_FEDERATION_CLIENT_SECRET: the mock Entra ID's federation client needs it."
    )
