"""Framework plumbing shared by both origins. Nothing identity- or portal-specific lives here."""

from __future__ import annotations

import environ

from .devsecrets import dev_secret
from .paths import BASE_DIR, VAR_DIR

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# "demo" runs on embedded defaults (SQLite, generated dev secrets, seeded tenants, QA API on);
# "production" refuses to start unless every secret comes from the environment.
SIMULATOR_MODE = env.str("SIMULATOR_MODE", default="demo")
DEMO = SIMULATOR_MODE == "demo"
DEBUG = env.bool("DEBUG", default=DEMO)

VAR_DIR.mkdir(exist_ok=True)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://localhost:8000").rstrip("/")
IDP_BASE_URL = env.str("IDP_BASE_URL", default="http://localhost:8001").rstrip("/")
ADFS_BASE_URL = env.str("ADFS_BASE_URL", default="http://localhost:8002").rstrip("/")

# The portal's OIDC client secret is shared by both origins in demo mode (the IdP seeds the
# client with it); against a real tenant it is the app registration's secret.
PORTAL_OIDC_CLIENT_ID = env.str(
    "PORTAL_OIDC_CLIENT_ID", default="4f1c2b9e-7d3a-4c55-9b61-2a8e0c7d1f00"
)
PORTAL_OIDC_CLIENT_SECRET = env.str("PORTAL_OIDC_CLIENT_SECRET", default="") or dev_secret(
    "portal_oidc_client_secret", env_var="PORTAL_OIDC_CLIENT_SECRET", demo=DEMO
)

# Wingtip AD FS's client for the mock Entra ID's federation of wingtip.com: the AD FS seeds it
# and the IdP signs in with it (allauth socialaccount provider id below), so both read these.
# Empty in production unless set: only the two origins that use it refuse to start without it.
ADFS_FEDERATION_CLIENT_ID = env.str(
    "ADFS_FEDERATION_CLIENT_ID", default="wingtip-entra-federation"
)
ADFS_FEDERATION_PROVIDER_ID = "wingtip-adfs"
ADFS_FEDERATION_CLIENT_SECRET = env.str("ADFS_FEDERATION_CLIENT_SECRET", default="")
if DEMO and not ADFS_FEDERATION_CLIENT_SECRET:
    ADFS_FEDERATION_CLIENT_SECRET = dev_secret(
        "adfs_federation_client_secret", env_var="ADFS_FEDERATION_CLIENT_SECRET", demo=DEMO
    )


def database(url_var: str, default: str) -> dict:
    """A database from ``url_var``; SQLite is set up for concurrent requests.

    SQLite's default (deferred) transactions take the write lock only at their first write, and
    a second writer then fails at once with "database is locked" (a 500) instead of waiting.
    IMMEDIATE transactions queue for the lock up front (within ``timeout`` seconds), which also
    makes ``transaction.atomic()`` blocks serialise as ``select_for_update()`` does elsewhere.
    WAL lets readers go on while one request writes.
    """
    config = env.db_url(url_var, default=default)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE",
            timeout=env.int("SQLITE_TIMEOUT", default=20),
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
    return config


MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and env.bool("COOKIES_SECURE", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles and images only from the origin itself: no inline script can run, so an
# injected <script> in a page does nothing. No form-action: a sign-in form's answer is a
# redirect to the other origin (a client's redirect URI), which form-action would block.
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'",
)
if not DEMO:
    # Behind TLS in production: redirect plain HTTP and pin HTTPS (check --deploy W004, W008).
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
        # Only behind a proxy that sets it: otherwise any client could claim HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
