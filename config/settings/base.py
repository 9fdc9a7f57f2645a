"""Framework plumbing shared by both origins. Nothing identity- or portal-specific lives here."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from .devsecrets import dev_secret
from .paths import BASE_DIR, VAR_DIR

_BOOLEANS = frozenset({"true", "on", "ok", "y", "yes", "1", "false", "off", "n", "no", "0", ""})


class Env(environ.Env):
    """django-environ, with every bad value refused at start by a message naming its variable.

    django-environ itself raises a bare ``ValueError`` for ``IDP_TOTP_TOLERANCE=one``, reads
    ``DEBUG=maybe`` as false, and turns ``IDP_DATABASE_URL=postgress://...`` into an engine
    named "postgress" that fails at the first query: whoever deploys should learn which
    variable is wrong before the first request.
    """

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ImproperlyConfigured:
            raise  # already names the variable ("Set the X environment variable")
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"{var}: {exc}") from exc

    def bool(self, var, default=environ.Env.NOTSET):
        raw = self.ENVIRON.get(var)
        if raw is not None and raw.strip().lower() not in _BOOLEANS:
            raise ImproperlyConfigured(f"{var}={raw!r} is not a boolean: use true or false.")
        return super().bool(var, default=default)


env = Env()
# The environment wins over the file. ENV_FILE names another file than the checkout's .env
# (e.g. /etc/partner-center-simulator.env, readable by the service's user only).
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

# "demo" runs on embedded defaults (SQLite, generated dev secrets, seeded tenants, QA API on);
# "production" refuses to start unless every secret comes from the environment.
SIMULATOR_MODE = env.str("SIMULATOR_MODE", default="demo")
if SIMULATOR_MODE not in ("demo", "production"):
    raise ImproperlyConfigured(f"SIMULATOR_MODE={SIMULATOR_MODE!r}: use demo or production.")
DEMO = SIMULATOR_MODE == "demo"
# Off in demo mode too: a trainer's audience must never meet Django's technical pages (its
# debug 404 lists every URL pattern, in English), and handler404/500 only answer with DEBUG off.
# What DEBUG gave the demo is kept without it: whitenoise serves the static files (below) and
# the cookies stay usable over plain HTTP on localhost. DEBUG=true is for a developer's machine.
DEBUG = env.bool("DEBUG", default=False)

VAR_DIR.mkdir(exist_ok=True)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])


def origin_url(var: str, default: str) -> str:
    """A public origin (``scheme://host[:port]``): every route of an origin is at its root, and
    the identity providers' issuers are these URLs, so a path or a typo breaks sign-in."""
    value = env.str(var, default=default).rstrip("/")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{var}={value!r} is not a URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"{var}={value!r} must be http(s)://host[:port].")
    if parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{var}={value!r} must be an origin only (no path): the site is served at its root."
        )
    return value


PORTAL_BASE_URL = origin_url("PORTAL_BASE_URL", "http://localhost:8000")
IDP_BASE_URL = origin_url("IDP_BASE_URL", "http://localhost:8001")
ADFS_BASE_URL = origin_url("ADFS_BASE_URL", "http://localhost:8002")

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


_DATABASE_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def database(url_var: str, default: str) -> dict:
    """A database from ``url_var``; SQLite is set up for concurrent requests.

    SQLite's default (deferred) transactions take the write lock only at their first write, and
    a second writer then fails at once with "database is locked" (a 500) instead of waiting.
    IMMEDIATE transactions queue for the lock up front (within ``timeout`` seconds), which also
    makes ``transaction.atomic()`` blocks serialise as ``select_for_update()`` does elsewhere.
    WAL lets readers go on while one request writes.
    """
    try:
        config = env.db_url(url_var, default=default)
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # django-environ's parser raises whatever urlsplit/int raise
        raise ImproperlyConfigured(f"{url_var} is not a database URL: {exc}") from exc
    if config.get("ENGINE") not in _DATABASE_ENGINES or not config.get("NAME"):
        raise ImproperlyConfigured(
            f"{url_var} must be sqlite:////absolute/path.sqlite3 or "
            "postgres://user:password@host:port/name."
        )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database that is down answers within seconds (a 503 page and a failing health
        # check), rather than holding every worker for the kernel's TCP timeout.
        config.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
        )
        # Persistent connections under gunicorn (`make serve` sets 60): a new PostgreSQL
        # connection per request costs more than the request. 0 (Django's default) elsewhere,
        # so that test databases can be dropped at the end of a run.
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
        config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE",
            timeout=env.int("SQLITE_TIMEOUT", default=20),
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
    return config


_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.redis.RedisCache",
}


def cache(url_var: str, default: str) -> dict[str, Any]:
    """A cache from ``url_var``: ``locmemcache://`` (one process), ``dbcache://table`` or
    ``redis://host:port/db`` (shared by every worker process)."""
    try:
        config = env.cache_url(url_var, default=default)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"{url_var} is not a cache URL (redis://host:port/db, dbcache://table or "
            f"locmemcache://name): {exc}"
        ) from exc
    if config.get("BACKEND") not in _CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"{url_var}: use redis://host:port/db, dbcache://table or locmemcache://name."
        )
    if config["BACKEND"].endswith("RedisCache"):
        # Redis down: an error within a second or two (a 503 page), not a worker hung on a
        # socket.
        timeout = env.float("CACHE_TIMEOUT", default=2.0)
        config.setdefault("OPTIONS", {}).update(
            socket_connect_timeout=timeout, socket_timeout=timeout
        )
    return config


def is_shared_cache(config: dict[str, Any]) -> bool:
    """Whether every worker process sees the same entries (locmem is one process's memory)."""
    return not config["BACKEND"].endswith("LocMemCache")


def static_root(origin: str) -> Path:
    """Where ``collectstatic`` puts one origin's files for whitenoise (each origin has its own
    apps, so its own set and its own manifest)."""
    root = VAR_DIR / "static" / origin
    root.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start about a missing one
    return root


MIDDLEWARE = [
    # Outermost: a database or cache that is down becomes a 503 page whichever layer met it.
    "config.outage.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after: they need no session, locale or CSRF.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    # Before the NUL check, so that its 400 page is in the reader's language too (the language
    # comes from a cookie or Accept-Language, never from the session).
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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
# Compressed, content-hashed names (cached for a year by browsers) in production mode, where
# `make serve` runs collectstatic; demo mode and tests read the files where they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEMO
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Demo mode serves the static files from the apps' and the checkout's static folders as they
# are (no collectstatic; edits show on reload): runserver's own static handler needs DEBUG.
WHITENOISE_USE_FINDERS = DEMO
WHITENOISE_AUTOREFRESH = DEMO

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Demo mode runs on plain HTTP (localhost): `Secure` cookies there would never come back.
SESSION_COOKIE_SECURE = not DEBUG and env.bool("COOKIES_SECURE", default=not DEMO)
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
    # Preloading is a decision for the owner of the whole parent domain (and a submission to
    # the browsers' list), not for one simulator on it: check --deploy's reminder is silenced.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
        # Only behind a proxy that sets it: otherwise any client could claim HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A load balancer or `curl localhost:8001/healthz` on the machine itself asks over plain
    # HTTP: answer it rather than redirect it to an HTTPS port nobody listens on.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING").upper()
if not isinstance(logging.getLevelName(LOG_LEVEL), int):
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r}: use DEBUG, INFO, WARNING or ERROR.")
# One JSON object per line in production mode, for whatever collects the logs; text in demo.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEMO else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOG_FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": LOG_FORMATTERS,
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own handler for "django" prints text in DEBUG only; ours formats everything.
    "loggers": {"django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
}
