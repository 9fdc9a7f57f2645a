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
