"""Wingtip AD FS under pytest: fast password hashing, QA API on, isolated cache."""

import os
import tempfile
from pathlib import Path

from .adfs import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ADFS = {**ADFS, "QA_API_ENABLED": True, "QA_API_TOKEN": ""}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: the live server's threads then really run requests
    # side by side. One file per run, so two runs on one checkout do not share (and drop) it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"test_adfs_{os.getpid()}.sqlite3")
    }
