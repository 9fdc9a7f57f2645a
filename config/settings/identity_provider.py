"""Settings both identity providers (the mock Entra ID and Wingtip AD FS) share.

Both stand on allauth's account, MFA and OpenID Connect provider apps; what they must agree on
(sign-in by e-mail only, rate limits, single-use TOTP codes, JWT access tokens, the QA API's
production rule) is written once here. Each reads its own environment variables (``prefix``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import DEMO, env

# Django's default list, slowest-to-guess first (PBKDF2; the others are read if a stored
# password uses them).
_DJANGO_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
DEMO_PASSWORD_HASHER = "config.idpkit.hashers.DemoPasswordHasher"  # noqa: S105 (a class path)
CLIENT_SECRET_HASHER = "config.idpkit.hashers.ClientSecretHasher"  # noqa: S105 (a class path)


def password_hashers(*, demo: bool) -> list[str]:
    """The first hasher hashes new passwords; the others only read what is stored."""
    people = (
        [DEMO_PASSWORD_HASHER, *_DJANGO_PASSWORD_HASHERS]
        if demo
        else [*_DJANGO_PASSWORD_HASHERS, DEMO_PASSWORD_HASHER]
    )
    return [*people, CLIENT_SECRET_HASHER]


def _failure_limits(prefix: str) -> str:
    from config.idpkit.rates import parse_rates

    var = f"{prefix}_RATE_LIMIT_LOGIN_FAILED"
    value = env.str(var, default="60/m/ip,5/5m/key")
    try:
        parse_rates(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{var}: {exc}") from exc
    return value


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
            # allauth's own failure limit counts a check as failed until it succeeds, so a
            # class signing in at once is refused with the right password: off, and
            # SIGN_IN_FAILURE_LIMITS below counts failures instead (config.idpkit.failure_limits).
            "login_failed": "",
            # Attempts per client address, whatever their outcome: none by default, since a
            # class (or a load test) behind one address is not an attack; failures are.
            "login": env.str(f"{prefix}_RATE_LIMIT_LOGIN", default=""),
        },
        # Wrong passwords and wrong MFA codes, per client address and per user (the login
        # typed; MFA: the user): five wrong ones lock that user out for five minutes, in
        # allauth's rate syntax.
        "SIGN_IN_FAILURE_LIMITS": _failure_limits(prefix),
        # People's passwords: Django's slow hashers, except in demo mode, where every account
        # is a demo account whose password is published (config.idpkit.hashers). Client
        # secrets are random: a fast salted digest in both modes.
        "PASSWORD_HASHERS": password_hashers(demo=DEMO),
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
