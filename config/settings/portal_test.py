"""The portal under pytest: fast hashing; the mock IdP runs beside it (testsupport/mock_idp.py)."""

import os
import tempfile
from pathlib import Path

from .portal import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: Django's live server shares one in-memory connection
    # between threads, so concurrent API requests (the last seat of a license twice) would not
    # be real. One file per run, so that two runs on one checkout do not share (and drop) it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"test_portal_{os.getpid()}.sqlite3")
    }

# Tests never reset a Wingtip AD FS that happens to run on this machine (a trainer's demo).
ADFS_QA_API_URL = ""
