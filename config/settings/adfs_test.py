"""Wingtip AD FS under pytest: fast password hashing, QA API on, isolated cache."""

import os
import tempfile
from pathlib import Path

from .adfs import *  # noqa: F403
from .base import cache
from .identity_provider import password_hashers

# Demo mode's hashers whatever SIMULATOR_MODE says: fast for passwords and client secrets.
PASSWORD_HASHERS = password_hashers(demo=True)
# Isolated per process unless the PostgreSQL/Redis run of `make test` hands a throwaway Redis
# database over (never ADFS_CACHE_URL: tests clear the cache, a deployment's included).
CACHES = {"default": cache("ADFS_TEST_CACHE_URL", default="locmemcache://")}
ADFS = {**ADFS, "QA_API_ENABLED": True, "QA_API_TOKEN": ""}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: the live server's threads then really run requests
    # side by side. One file per run, so two runs on one checkout do not share (and drop) it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"test_adfs_{os.getpid()}.sqlite3")
    }
