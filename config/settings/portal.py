"""The Partner Center portal origin (default http://localhost:8000)."""

from __future__ import annotations

from .area_apps import area_apps
from .base import *  # noqa: F403
from .base import (
    ADFS_BASE_URL,
    DEMO,
    IDP_BASE_URL,
    PORTAL_OIDC_CLIENT_ID,
    PORTAL_OIDC_CLIENT_SECRET,
    VAR_DIR,
    cache,
    database,
    env,
    static_root,
)
from .devsecrets import dev_secret
from .paths import BASE_DIR

SECRET_KEY = env.str("PORTAL_SECRET_KEY", default="") or dev_secret(
    "portal_secret_key", env_var="PORTAL_SECRET_KEY", demo=DEMO
)

INSTALLED_APPS = [
    *DJANGO_APPS,  # noqa: F405
    # portal, accounts, api, billing, customers, journeytrace, security, support and any new
    # area (manage.py startarea): each declares itself in its area.py.
    *area_apps(BASE_DIR),
    "compliance",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    *MIDDLEWARE,  # noqa: F405
    # The journey trace's own cookie (its steps never write the session).
    "journeytrace.middleware.JourneyTraceCookieMiddleware",
    # After authentication and sessions: it reads the verified claims kept in the session.
    "accounts.middleware.IdentityMiddleware",
    "portal.middleware.AccessPolicyMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # noqa: F405
    "portal.context_processors.navigation"
)


ROOT_URLCONF = "config.urls_portal"
WSGI_APPLICATION = "config.wsgi_portal.application"

DATABASES = {
    "default": database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}
# Nothing the portal's workers must agree on lives in a cache (sessions are in the database,
# pending sign-ins in signed cookies, JWKS per process); PORTAL_CACHE_URL is for what may come.
CACHES = {"default": cache("PORTAL_CACHE_URL", default="locmemcache://portal")}
STATIC_ROOT = static_root("portal")

SESSION_COOKIE_NAME = "pc_session"
CSRF_COOKIE_NAME = "pc_csrftoken"
LANGUAGE_COOKIE_NAME = "pc_language"

# The identity provider, found through its discovery document: the mock Entra ID by default,
# https://login.microsoftonline.com/<tenant-id>/v2.0 for a real tenant.
OIDC_AUTHORITY = env.str("OIDC_AUTHORITY", default=IDP_BASE_URL).rstrip("/")
# Service management: the customer's admin center for a customer tenant ({tenant_id}), opened
# from the customer's page. The mock Entra ID serves one; against a real tenant, set e.g.
# https://entra.microsoft.com/{tenant_id} (the portal never imports the IdP's code).
ADMIN_CENTER_URL = env.str(
    "ADMIN_CENTER_URL", default=f"{OIDC_AUTHORITY}/manage/{{tenant_id}}/users/"
)
# The issuer its discovery document and ID tokens name, when that is not the authority: Entra's
# v1 endpoints (authority https://login.microsoftonline.com/<tid>) publish
# https://sts.windows.net/<tid>/. Empty: the authority. Not stripped: the slash is significant.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
# How a step-up asks for MFA: amr_values (the mock, Entra v1), auth_context (a claims request
# for the acrs claim, context OIDC_AUTH_CONTEXT) or reauthenticate (prompt=login, max_age=0).
# Values are checked by accounts.checks (manage.py check) and accounts.conf (at use).
OIDC_STEPUP = env.str("OIDC_STEPUP", default="amr_values")
OIDC_AUTH_CONTEXT = env.str("OIDC_AUTH_CONTEXT", default="c1")
# The claim that says MFA was done (amr or acrs); empty: acrs for auth_context, else amr.
OIDC_MFA_CLAIM = env.str("OIDC_MFA_CLAIM", default="")

# mozilla-django-oidc. The endpoints are not settings: accounts.provider reads them from the
# discovery document of OIDC_AUTHORITY (see accounts/backends.py for why).
AUTHENTICATION_BACKENDS = ["accounts.backends.PortalOIDCBackend"]
OIDC_RP_CLIENT_ID = PORTAL_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = PORTAL_OIDC_CLIENT_SECRET
OIDC_RP_SCOPES = "openid profile email"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)

OIDC_OP_LOGOUT_URL_METHOD = "accounts.provider.end_session_url"
# Seconds a discovery document and its JWKS are reused; an unknown `kid` refetches the JWKS.
OIDC_METADATA_TTL = env.int("OIDC_METADATA_TTL", default=3600)
# Accepted clock skew (seconds) when checking exp/iat/nbf of ID tokens.
OIDC_CLOCK_SKEW = env.int("OIDC_CLOCK_SKEW", default=60)
LOGIN_URL = "oidc:authenticate"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "welcome:home"

# The scenario launcher (/launcher/; its buttons in demo mode only) resets personas through the
# identity providers' QA control APIs, server to server. Empty IDP_QA_API_URL: OIDC_AUTHORITY
# (the mock Entra ID). The tokens are the ones the IdPs' own IDP_/ADFS_QA_API_TOKEN require
# (empty in demo mode). Empty ADFS_QA_API_URL: "reset the demo" leaves Wingtip AD FS alone.
IDP_QA_API_URL = env.str("IDP_QA_API_URL", default="").rstrip("/")
IDP_QA_API_TOKEN = env.str("IDP_QA_API_TOKEN", default="")
ADFS_QA_API_URL = env.str("ADFS_QA_API_URL", default=ADFS_BASE_URL if DEMO else "").rstrip("/")
ADFS_QA_API_TOKEN = env.str("ADFS_QA_API_TOKEN", default="")
QA_API_TIMEOUT = env.float("QA_API_TIMEOUT", default=10.0)

SESSION_COOKIE_AGE = env.int("PORTAL_SESSION_AGE", default=8 * 3600)
# Seconds between forced JWKS refetches caused by unknown `kid`s (limits abuse by junk tokens).
OIDC_JWKS_REFRESH_COOLDOWN = env.float("OIDC_JWKS_REFRESH_COOLDOWN", default=10.0)

# The Partner Center API (/v1/, app `api`): Django REST framework, bearer tokens only.
PARTNER_CENTER_API = {
    # What the API accepts: tokens for this audience, from the token tenant's own issuer.
    "AUDIENCE": env.str("PARTNER_CENTER_API_AUDIENCE", default="https://api.partnercenter.microsoft.com"),
    "ISSUER": env.str("PARTNER_CENTER_API_ISSUER", default="https://sts.windows.net/{tid}/"),
    # Longer Authorization headers are refused before any parsing (real tokens are ~2 kB).
    "MAX_TOKEN_LENGTH": env.int("PARTNER_CENTER_API_MAX_TOKEN_LENGTH", default=8192),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PartnerCenterBearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.OperationPolicy"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CollectionPagination",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.OperationAutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partner Center API (simulator)",
    "DESCRIPTION": (
        "The Partner Center REST API as the simulator serves it, with Partner Center's MFA rule "
        "for App+User tokens and its GDAP rule for app-only tokens."
    ),
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_component",
    ],
}
