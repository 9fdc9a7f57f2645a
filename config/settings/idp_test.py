"""The mock Entra ID under pytest: fast password hashing, QA API on, isolated cache."""

from .idp import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ENTRA = {**ENTRA, "QA_API_ENABLED": True, "QA_API_TOKEN": ""}  # noqa: F405
