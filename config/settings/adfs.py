"""Wingtip AD FS (default http://localhost:8002): the identity provider wingtip.com is
federated to. Its own origin, database, cookies, secret key and signing key; the mock Entra ID
reaches it only through OpenID Connect, as the client ``ADFS_FEDERATION_CLIENT_ID``."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ADFS_FEDERATION_CLIENT_SECRET, DEMO, VAR_DIR, database, env
from .devsecrets import dev_secret, generate_rsa_pem

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
CACHES = {"default": env.cache_url("ADFS_CACHE_URL", default="locmemcache://adfs")}

AUTH_USER_MODEL = "adfs.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Three origins on one host differ only by port and cookies ignore ports.
SESSION_COOKIE_NAME = "adfs_session"
CSRF_COOKIE_NAME = "adfs_csrftoken"
LANGUAGE_COOKIE_NAME = "adfs_language"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "adfs:home"

# --- allauth.account: AD FS signs in the directory's users; nobody signs up.
ACCOUNT_ADAPTER = "adfs.adapters.account.AdfsAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    # Failed passwords and failed MFA codes (counted per user): five wrong codes lock the
    # user out of MFA for five minutes.
    "login_failed": env.str("ADFS_RATE_LIMIT_LOGIN_FAILED", default="20/m/ip,5/5m/key"),
    # A training room behind one NAT address signs in at once.
    "login": env.str("ADFS_RATE_LIMIT_LOGIN", default="120/m/ip"),
}

# --- allauth.mfa: the AD FS's own MFA is an authenticator app (TOTP), nothing else.
MFA_SUPPORTED_TYPES = ["totp"]
MFA_TOTP_ISSUER = "Wingtip AD FS"
# One step of clock drift either way (RFC 6238 section 5.2); each code is accepted once.
MFA_TOTP_TOLERANCE = env.int("ADFS_TOTP_TOLERANCE", default=1)
# A used code stays refused for as long as the tolerance accepts it (allauth: one period only).
MFA_FORMS = {
    "authenticate": "config.idpkit.mfa_forms.SingleUseAuthenticateForm",
    "reauthenticate": "config.idpkit.mfa_forms.SingleUseReauthenticateForm",
}

# --- allauth.idp.oidc
IDP_OIDC_ADAPTER = "adfs.adapters.oidc.AdfsOIDCAdapter"
IDP_OIDC_PRIVATE_KEY = env.str("ADFS_SIGNING_KEY", multiline=True, default="") or dev_secret(
    "adfs_signing_key.pem", env_var="ADFS_SIGNING_KEY", demo=DEMO, generate=generate_rsa_pem
)
IDP_OIDC_ACCESS_TOKEN_FORMAT = "jwt"  # noqa: S105 (a format name, not a secret)
IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN = env.int("ADFS_ACCESS_TOKEN_LIFETIME", default=3600)
IDP_OIDC_ID_TOKEN_EXPIRES_IN = env.int("ADFS_ID_TOKEN_LIFETIME", default=3600)
IDP_OIDC_AUTHORIZATION_CODE_EXPIRES_IN = 120
IDP_OIDC_RP_INITIATED_LOGOUT_ASKS_FOR_OP_LOGOUT = False

ADFS = {
    # The QA control API (reset, TOTP codes, the skip-MFA switch) and the trainer's page.
    "QA_API_ENABLED": env.bool("ADFS_QA_API_ENABLED", default=DEMO),
    # Optional shared secret for both (API: "Authorization: Bearer <token>"; page: a field).
    "QA_API_TOKEN": env.str("ADFS_QA_API_TOKEN", default=""),
    "DEMO_PASSWORD": env.str("DEMO_PASSWORD", default="Passw0rd!Demo"),
    "SHOW_DEMO_ACCOUNTS": env.bool("ADFS_SHOW_DEMO_ACCOUNTS", default=DEMO),
}
if not DEMO and ADFS["QA_API_ENABLED"] and not ADFS["QA_API_TOKEN"]:
    # The QA API resets the directory, reads TOTP codes and switches MFA off for a user.
    raise ImproperlyConfigured(
        "ADFS_QA_API_ENABLED=true in production needs ADFS_QA_API_TOKEN (a long random secret)."
    )
if not ADFS_FEDERATION_CLIENT_SECRET:
    raise ImproperlyConfigured(
        "Set ADFS_FEDERATION_CLIENT_SECRET: the mock Entra ID's federation client needs it."
    )
