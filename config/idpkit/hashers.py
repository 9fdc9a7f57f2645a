"""Fast salted digests for secrets that need no key stretching, through Django's hasher registry.

Django's default hasher (PBKDF2, a million rounds) exists to slow down guessing of passwords
people choose; it costs about a third of a second per check. allauth's ``Client.check_secret``
runs it on every token request of a confidential client, though a client secret is a random
string of 32 bytes or more that no amount of guessing finds. ``check_password`` picks the hasher
by the stored value's prefix from ``PASSWORD_HASHERS``, so registering these there (never first
in production) makes allauth's own check fast for secrets stored with them, without touching
allauth's model or flows; everything else keeps the slow default.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from allauth.idp.oidc.models import Client
from django.contrib.auth.hashers import (
    UNUSABLE_PASSWORD_PREFIX,
    BasePasswordHasher,
    check_password,
    make_password,
)
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_noop as _


class _SaltedSha256Hasher(BasePasswordHasher):
    """HMAC-SHA256 keyed with a random salt: a single digest, compared in constant time."""

    def encode(self, password: str, salt: str) -> str:
        self._check_encode_args(password, salt)
        digest = hmac.new(salt.encode(), password.encode(), hashlib.sha256).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded: str) -> dict[str, Any]:
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm  # noqa: S101 (Django's hashers do the same)
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        return constant_time_compare(encoded, self.encode(password, decoded["salt"]))

    def safe_summary(self, encoded: str) -> dict[str, str]:
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("salt"): decoded["salt"][:4] + "…",
            _("hash"): decoded["hash"][:6] + "…",
        }

    def must_update(self, encoded: str) -> bool:
        return False

    def harden_runtime(self, password: str, encoded: str) -> None:
        # Nothing to equalise: there are no work factors that could differ between hashes.
        return None


class ClientSecretHasher(_SaltedSha256Hasher):
    """Confidential clients' secrets: random, long, checked on every token request."""

    algorithm = "idpkit_client_secret_sha256"


class DemoPasswordHasher(_SaltedSha256Hasher):
    """People's passwords in demo mode only, where every account's password is the published
    demo password: a slow hash would protect nothing and cost a third of a second per sign-in.
    Production mode lists it last (so a directory seeded in demo mode still signs in, and
    Django re-hashes each password with PBKDF2 at that user's next sign-in)."""

    algorithm = "idpkit_demo_sha256"


def client_secret_set(*, client: Client, secret: str | None) -> None:
    """Store ``secret`` on ``client`` (not saved) with the fast hasher; ``None`` (a public
    client) stores a value no secret matches. A client already holding exactly that is left
    alone, so seeding twice changes nothing."""
    if secret is None:
        if not client.secret.startswith(UNUSABLE_PASSWORD_PREFIX):
            client.secret = make_password(None)
        return
    if client.secret.startswith(f"{ClientSecretHasher.algorithm}$") and client.check_secret(
        secret
    ):
        return
    client.secret = make_password(secret, hasher=ClientSecretHasher.algorithm)


def client_secret_hasher_registered() -> bool:
    """Whether ``PASSWORD_HASHERS`` lets ``check_password`` read a fast-hashed client secret
    (without it every confidential client would be refused, silently)."""
    return check_password("probe", make_password("probe", hasher=ClientSecretHasher()))
