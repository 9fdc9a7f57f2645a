"""System checks for configuration that would make the mock IdP lie or break quietly."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def check_signing_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(settings.IDP_OIDC_PRIVATE_KEY.encode(), password=None)
    except (ValueError, TypeError) as exc:
        return [checks.Error(f"IDP_SIGNING_KEY is not a PEM private key: {exc}", id="entra.E001")]
    if not isinstance(key, RSAPrivateKey) or key.key_size < 2048:
        return [checks.Error("IDP_SIGNING_KEY must be an RSA key of 2048 bits or more (RS256).",
                             id="entra.E002")]
    return []


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@checks.register()
def check_idp_origin(app_configs, **kwargs) -> list[checks.CheckMessage]:
    messages = []
    if _is_ip_address(urlsplit(settings.IDP_BASE_URL).hostname or ""):
        messages.append(checks.Warning(
            "IDP_BASE_URL uses an IP address; WebAuthn refuses IP origins.",
            hint="Use a host name such as http://localhost:8001.", id="entra.W001",
        ))
    if settings.SESSION_COOKIE_NAME == "sessionid":
        messages.append(checks.Error(
            "The IdP must not use the default session cookie name: the portal on the same host "
            "would overwrite it.", id="entra.E003",
        ))
    return messages
