"""The mock Entra ID under pytest: fast password hashing, QA API on, isolated cache."""

import os
import tempfile
from pathlib import Path

from .base import cache
from .identity_provider import password_hashers
from .idp import *  # noqa: F403

# Demo mode's hashers whatever SIMULATOR_MODE says: fast for passwords and client secrets.
PASSWORD_HASHERS = password_hashers(demo=True)
# Isolated per process unless the PostgreSQL/Redis run of `make test` hands a throwaway Redis
# database over (never IDP_CACHE_URL: tests clear the cache, a deployment's included).
CACHES = {"default": cache("IDP_TEST_CACHE_URL", default="locmemcache://")}
ENTRA = {**ENTRA, "QA_API_ENABLED": True, "QA_API_TOKEN": ""}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: Django's live server shares one in-memory connection
    # between threads, so concurrent requests (two redemptions of one code) would not be real.
    # One file per run, so that two runs on one checkout do not share (and drop) it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"test_idp_{os.getpid()}.sqlite3")
    }
