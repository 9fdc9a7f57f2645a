"""The portal under pytest: fast hashing; the mock IdP runs beside it (see e2e/servers.py)."""

from .portal import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
