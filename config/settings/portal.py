"""The Partner Center portal origin (default http://localhost:8000)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import DEMO, IDP_BASE_URL, VAR_DIR, env
from .devsecrets import dev_secret

SECRET_KEY = env.str("PORTAL_SECRET_KEY", default="") or dev_secret(
    "portal_secret_key", env_var="PORTAL_SECRET_KEY", demo=DEMO
)

INSTALLED_APPS = [
    *DJANGO_APPS,  # noqa: F405
    "portal",
    "accounts",
    "customers",
    "billing",
    "support",
]


ROOT_URLCONF = "config.urls_portal"
WSGI_APPLICATION = "config.wsgi_portal.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}

SESSION_COOKIE_NAME = "pc_session"
CSRF_COOKIE_NAME = "pc_csrftoken"
LANGUAGE_COOKIE_NAME = "pc_language"

# The identity provider, found through its discovery document: the mock Entra ID by default,
# https://login.microsoftonline.com/<tenant-id>/v2.0 for a real tenant.
OIDC_AUTHORITY = env.str("OIDC_AUTHORITY", default=IDP_BASE_URL).rstrip("/")
