"""The mock Microsoft Entra ID origin (default http://localhost:8001)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import (
    ADFS_BASE_URL,
    ADFS_FEDERATION_CLIENT_ID,
    ADFS_FEDERATION_CLIENT_SECRET,
    ADFS_FEDERATION_PROVIDER_ID,
    DEMO,
    VAR_DIR,
    cache,
    database,
    env,
    static_root,
)
from .devsecrets import dev_secret, generate_rsa_pem
from .identity_provider import allauth_provider, qa_api

SECRET_KEY = env.str("IDP_SECRET_KEY", default="") or dev_secret(
    "idp_secret_key", env_var="IDP_SECRET_KEY", demo=DEMO
)

INSTALLED_APPS = [
    *DJANGO_APPS,  # noqa: F405
    # Django's admin behind the IdP's own sign-in and MFA; mounted only with IDP_ADMIN_ENABLED.
    "entra.apps.EntraAdminConfig",
    "entra",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.idp.oidc",
    # Federation: the mock Entra ID as an OpenID Connect client of a tenant's own IdP.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [*MIDDLEWARE, "allauth.account.middleware.AccountMiddleware"]  # noqa: F405

ROOT_URLCONF = "config.urls_idp"
WSGI_APPLICATION = "config.wsgi_idp.application"

DATABASES = {
    "default": database("IDP_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'idp.sqlite3'}")
}
# allauth keeps authorization codes, TOTP replay markers and rate-limit counters in the cache:
# several worker processes need a shared cache (e.g. dbcache:// or redis://).
CACHES = {"default": cache("IDP_CACHE_URL", default="locmemcache://entra")}
STATIC_ROOT = static_root("idp")

AUTH_USER_MODEL = "entra.User"

# Two origins on one host differ only by port and cookies ignore ports: distinct names keep the
# IdP session and the portal session apart.
SESSION_COOKIE_NAME = "entra_session"
CSRF_COOKIE_NAME = "entra_csrftoken"
LANGUAGE_COOKIE_NAME = "entra_language"

LOGIN_REDIRECT_URL = "entra:security_info"

# Sign-in by UPN, rate limits, single-use TOTP codes, JWT access tokens: as Wingtip AD FS.
globals().update(allauth_provider("IDP"))

# --- allauth.account: Entra has no self-service sign-up; users sign in with their UPN.
ACCOUNT_ADAPTER = "entra.adapters.account.EntraAccountAdapter"
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("IDP_REAUTHENTICATION_TIMEOUT", default=600)

# --- allauth.socialaccount: wingtip.com is federated to Wingtip AD FS (journey 2). Entra
# reaches it by home-realm discovery on its own sign-in page; nobody signs up through it.
SOCIALACCOUNT_ADAPTER = "entra.adapters.socialaccount.FederationAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": ADFS_FEDERATION_PROVIDER_ID,
                "name": "Wingtip AD FS",
                "client_id": ADFS_FEDERATION_CLIENT_ID,
                "secret": ADFS_FEDERATION_CLIENT_SECRET,
                "settings": {
                    "server_url": ADFS_BASE_URL,
                    "token_auth_method": "client_secret_basic",
                    # Every claim Entra uses is in the signed ID token (amr above all).
                    "fetch_userinfo": False,
                },
            }
        ],
    }
}

# --- allauth.mfa: TOTP, recovery codes, and passkeys / security keys (WebAuthn, amr "fido").
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Mock Entra ID"
# The mandate is MFA after a password: no passkey-only (passwordless) sign-in or sign-up.
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# Off in every mode: fido2 2.x already accepts http://localhost (a secure context for
# browsers), and allauth's switch would accept an assertion made for *any* origin. The relying
# party id is the IdP's host name (allauth: the request's host without the port).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Passkey answers count against the same per-user MFA failure limit as codes.
MFA_FORMS = {
    **MFA_FORMS,  # noqa: F405
    "add_webauthn": "entra.forms.CheckedAddWebAuthnForm",
    "authenticate_webauthn": "entra.forms.CountedAuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "entra.forms.CountedReauthenticateWebAuthnForm",
}

# --- allauth.idp.oidc
IDP_OIDC_ADAPTER = "entra.adapters.oidc.EntraOIDCAdapter"
IDP_OIDC_PRIVATE_KEY = env.str("IDP_SIGNING_KEY", multiline=True, default="") or dev_secret(
    "idp_signing_key.pem", env_var="IDP_SIGNING_KEY", demo=DEMO, generate=generate_rsa_pem
)

ENTRA = {
    # The QA control API (reset, TOTP codes, switches, tokens) and its optional bearer token.
    **qa_api("IDP"),
    "DEMO_PASSWORD": env.str("DEMO_PASSWORD", default="Passw0rd!Demo"),
    "SHOW_DEMO_ACCOUNTS": env.bool("IDP_SHOW_DEMO_ACCOUNTS", default=DEMO),
    "ADMIN_ENABLED": env.bool("IDP_ADMIN_ENABLED", default=False),
    # The trainer's page (/trainer/tenants/) changes tenants' MFA set-up without signing in:
    # demo mode only, never configurable on in production.
    "TRAINER_PAGES_ENABLED": DEMO,
    # How long a push sign-in request waits for the phone (Entra: about a minute).
    "PUSH_TIMEOUT_SECONDS": env.int("IDP_PUSH_TIMEOUT_SECONDS", default=60),
}

# The seeded "Contoso automation" confidential client (App+User and app-only API calls).
ENTRA_AUTOMATION_CLIENT_SECRET = env.str("AUTOMATION_CLIENT_SECRET", default="") or dev_secret(
    "automation_client_secret", env_var="AUTOMATION_CLIENT_SECRET", demo=DEMO
)
