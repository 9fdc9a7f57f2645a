"""Development secrets that are generated once per checkout and never committed.

In demo mode a missing secret is created under ``var/secrets/`` so that ``make demo`` works on a
fresh machine; in production mode every secret must come from the environment.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .paths import VAR_DIR

SECRETS_DIR = VAR_DIR / "secrets"


def _write_private(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)


def dev_secret(
    name: str, *, env_var: str, demo: bool, generate: Callable[[], str] | None = None
) -> str:
    """Return the per-checkout secret ``name``, creating it on first use in demo mode."""
    if not demo:
        raise ImproperlyConfigured(f"Set {env_var}: SIMULATOR_MODE=production has no dev secrets.")
    path = SECRETS_DIR / name
    if not path.exists():
        # Both origins may start at once: whichever writes first wins, the other reads it.
        with contextlib.suppress(FileExistsError):
            _write_private(path, (generate or (lambda: secrets.token_urlsafe(48)))())
    return path.read_text()


def generate_rsa_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
