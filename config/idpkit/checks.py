"""Configuration problems any identity provider of the simulator must refuse to start with."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def signing_key_problem(pem: str) -> str | None:
    """Why ``pem`` cannot sign RS256 tokens, or None when it can."""
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        return f"not a PEM private key: {exc}"
    if not isinstance(key, RSAPrivateKey) or key.key_size < 2048:
        return "must be an RSA key of 2048 bits or more (RS256)"
    return None


def origin_is_ip_address(base_url: str) -> bool:
    """WebAuthn refuses origins whose host is an IP address."""
    try:
        ipaddress.ip_address(urlsplit(base_url).hostname or "")
    except ValueError:
        return False
    return True


def client_secret_hasher_problem() -> str | None:
    """Why confidential clients' secrets could not be checked, or None."""
    from .hashers import client_secret_hasher_registered

    if not client_secret_hasher_registered():
        return (
            "PASSWORD_HASHERS lacks config.idpkit.hashers.ClientSecretHasher: every "
            "confidential client's secret would be refused"
        )
    return None


def failure_limits_problem() -> str | None:
    """Why wrong passwords or MFA codes would go uncounted, or None.

    allauth's own failure limit is off (it counts attempts); the account adapter and the MFA
    forms count failures instead, so a configuration that swaps them out must keep them."""
    from allauth.account.adapter import get_adapter
    from allauth.mfa import app_settings as mfa_settings
    from django.conf import settings
    from django.utils.module_loading import import_string

    from .failure_limits import FailureCountingAccountAdapter
    from .mfa_forms import SingleUseAuthenticateForm, SingleUseReauthenticateForm

    if not settings.SIGN_IN_FAILURE_LIMITS.strip():
        return "SIGN_IN_FAILURE_LIMITS is empty: wrong passwords and codes would be unlimited"
    if not isinstance(get_adapter(), FailureCountingAccountAdapter):
        return "ACCOUNT_ADAPTER must use config.idpkit.failure_limits.FailureCountingAccountAdapter"
    for name, expected in (
        ("authenticate", SingleUseAuthenticateForm),
        ("reauthenticate", SingleUseReauthenticateForm),
    ):
        form = mfa_settings.FORMS.get(name)
        if not form or not issubclass(import_string(form), expected):
            return f"MFA_FORMS[{name!r}] must be (a subclass of) {expected.__qualname__}"
    return None
