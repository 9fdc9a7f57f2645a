"""Settings both identity providers (the mock Entra ID and Wingtip AD FS) share.

Both stand on allauth's account, MFA and OpenID Connect provider apps; what they must agree on
(sign-in by e-mail only, rate limits, single-use TOTP codes, JWT access tokens, the QA API's
production rule) is written once here. Each reads its own environment variables (``prefix``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import DEMO, env


def allauth_provider(prefix: str) -> dict[str, Any]:
    return {
        "AUTHENTICATION_BACKENDS": ["allauth.account.auth_backends.AuthenticationBackend"],
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        ],
        "LOGIN_URL": "account_login",
        # Directory users sign in with their UPN; nobody signs up.
        "ACCOUNT_LOGIN_METHODS": {"email"},
        "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*"],
        "ACCOUNT_USER_MODEL_USERNAME_FIELD": None,
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        "ACCOUNT_LOGOUT_ON_GET": False,
        "ACCOUNT_SESSION_REMEMBER": False,
        "ACCOUNT_RATE_LIMITS": {
            # Failed passwords and failed MFA codes (allauth.mfa counts under "login_failed",
            # keyed by user): five wrong codes lock the user out of MFA for five minutes.
            "login_failed": env.str(
                f"{prefix}_RATE_LIMIT_LOGIN_FAILED", default="20/m/ip,5/5m/key"
            ),
            # Every sign-in attempt per client IP: a training room behind one NAT address
            # signs in at once, which allauth's default (30/m/ip) would refuse.
            "login": env.str(f"{prefix}_RATE_LIMIT_LOGIN", default="120/m/ip"),
        },
        # One step of clock drift either way, as RFC 6238 section 5.2 recommends.
        "MFA_TOTP_TOLERANCE": env.int(f"{prefix}_TOTP_TOLERANCE", default=1),
        # A used code stays refused for as long as the tolerance accepts it (allauth: one
        # period only).
        "MFA_FORMS": {
            "authenticate": "config.idpkit.mfa_forms.SingleUseAuthenticateForm",
            "reauthenticate": "config.idpkit.mfa_forms.SingleUseReauthenticateForm",
        },
        "IDP_OIDC_ACCESS_TOKEN_FORMAT": "jwt",
        "IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN": env.int(
            f"{prefix}_ACCESS_TOKEN_LIFETIME", default=3600
        ),
        "IDP_OIDC_ID_TOKEN_EXPIRES_IN": env.int(f"{prefix}_ID_TOKEN_LIFETIME", default=3600),
        "IDP_OIDC_AUTHORIZATION_CODE_EXPIRES_IN": 120,
        # A relying party that sends a matching id_token_hint signs the user out without a
        # question, as Entra does; without a hint the user is asked.
        "IDP_OIDC_RP_INITIATED_LOGOUT_ASKS_FOR_OP_LOGOUT": False,
    }


def qa_api(prefix: str) -> dict[str, Any]:
    """The QA control API's switch and optional bearer token; production mode refuses the API
    without a token (it resets the directory and reads anyone's current code)."""
    config = {
        "QA_API_ENABLED": env.bool(f"{prefix}_QA_API_ENABLED", default=DEMO),
        "QA_API_TOKEN": env.str(f"{prefix}_QA_API_TOKEN", default=""),
    }
    if not DEMO and config["QA_API_ENABLED"] and not config["QA_API_TOKEN"]:
        raise ImproperlyConfigured(
            f"{prefix}_QA_API_ENABLED=true in production needs {prefix}_QA_API_TOKEN "
            "(a long random secret)."
        )
    return config
