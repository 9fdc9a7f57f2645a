"""A non-Microsoft MFA product ("Tailspin Verify") that a tenant wires in through Conditional
Access: journey 4 of "Mandating MFA for your partner tenant", and its fix.

The product keeps its own secret per user and shows codes in its own app; Entra only learns
that the prompt was passed. How much it learns depends on the tenant's integration:

- a Conditional Access *custom control* satisfies the policy, but Entra never relays the method
  into ``amr``: the token says ``pwd`` only, and Partner Center blocks every MFA area and API;
- an *external authentication method* is Entra-compatible: the same prompt yields ``mfa``.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac

from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from config.idpkit import failure_limits
from config.idpkit.allauth_internals import (
    normalize_user_code,
    record_authentication,
    validate_totp_code,
)
from entra.models import Tenant, User

PRODUCT = "Tailspin Verify"
RECORD_METHOD = "third_party_mfa"


def uses_third_party_mfa(user: User) -> bool:
    return bool(user.tenant_id and user.tenant.third_party_mfa)


def secret(user: User) -> str:
    """The product's own per-user secret (base32), stable per checkout like Entra's demo ones."""
    key = f"{PRODUCT}:{settings.SECRET_KEY}".encode()
    digest = hmac.new(key, user.email.lower().encode(), hashlib.sha1).digest()
    return base64.b32encode(digest).decode()


class Verdict(enum.Enum):
    PASSED = "passed"
    WRONG_CODE = "wrong_code"
    TOO_MANY_ATTEMPTS = "too_many_attempts"


def verify(request: HttpRequest, user: User, code: str) -> Verdict:
    """Check ``code`` (each code once; wrong codes rate-limited like Entra's own) and, when it
    is right, record in the session that the prompt was passed, with the integration in force
    right now (a later switch does not rewrite what this sign-in proved)."""
    try:
        with failure_limits.attempt(f"{RECORD_METHOD}:{user.pk}", request) as check:
            code = normalize_user_code(code)  # as the check reads it: "126 907" is "126907"
            window = mfa_settings.TOTP_PERIOD * (2 * mfa_settings.TOTP_TOLERANCE + 1)
            if not validate_totp_code(secret(user), code) or not cache.add(
                f"entra.third_party_mfa.used:{user.pk}:{code}", True, timeout=window
            ):
                check.failed()
                return Verdict.WRONG_CODE
    except failure_limits.TooManyFailures:
        return Verdict.TOO_MANY_ATTEMPTS
    record_authentication(
        request, user, method=RECORD_METHOD, product=PRODUCT,
        integration=user.tenant.third_party_mfa,
    )
    return Verdict.PASSED


def counts_as_mfa(integration: str) -> bool:
    return integration == Tenant.ThirdPartyMfa.EXTERNAL_AUTHENTICATION_METHOD
