"""Writes of the methods beyond the app and passkeys: the tenant's allow-list, hardware OATH
tokens (assign, activate, verify), the phone (register, send a code, verify it).

Every code check holds a seat of the user's MFA failure limit (``config.idpkit.failure_limits``,
the key allauth's code forms use): five wrong codes of any method lock MFA for the user. Codes
are single use: a token's code is remembered for as long as it is accepted, a phone code is
spent by one conditional UPDATE (two redemptions at once: one wins).
"""

from __future__ import annotations

import base64
import re
import secrets
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from config.idpkit import failure_limits
from config.idpkit.allauth_internals import (
    RecoveryCodes,
    format_hotp_value,
    hotp_value,
    normalize_user_code,
    validate_totp_code,
)
from entra.methods import CODE_DIGITS
from entra.methods.selectors import user_pending_oath_token
from entra.models import (
    AuthenticationMethod,
    HardwareOathToken,
    PhoneCode,
    PhoneMethod,
    Tenant,
    User,
)
from entra.push.selectors import binding_hash

# A phone code is good for five minutes (Entra: a few minutes), and one is sent per user at
# most every 30 seconds, ten per hour: a "resend" button cannot flood a phone (or a bill).
PHONE_CODE_TTL = timedelta(minutes=5)
RESEND_INTERVAL_SECONDS = 30
SENDS_PER_HOUR = 10
# A token's code is accepted for the TOTP tolerance around now (allauth's setting, 3 periods).
_OATH_USED_TTL = 90
_E164 = re.compile(r"\+[1-9]\d{7,14}")
# What people type between digits: spaces, dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-.()\u00a0]")


class MethodNotAllowed(PermissionError):
    """The tenant's authentication methods policy does not allow this method."""


class SendTooSoon(Exception):
    """A code was sent moments ago (or too many this hour): wait before asking again."""


def _failure_key(user: User) -> str:
    return f"mfa:{user.pk}"  # the code forms' key: one MFA budget per user


def _require_allowed(user: User, method: AuthenticationMethod) -> None:
    allowed = user.tenant.authentication_methods if user.tenant is not None else None
    if allowed is not None and method.value not in allowed:
        raise MethodNotAllowed(method.value)


def tenant_authentication_methods_set(*, tenant: Tenant, methods: list[str]) -> Tenant:
    """Set the tenant's allow-list. Registered methods stay (as in Entra, an admin removes
    them per user); what the policy drops can no longer be registered. Raises ValueError for
    a value that is no method."""
    unknown = [m for m in methods if m not in AuthenticationMethod.values]
    if unknown:
        raise ValueError(f"Unknown methods: {', '.join(map(str, unknown))}")
    tenant.authentication_methods = [m for m in AuthenticationMethod.values if m in methods]
    tenant.save(update_fields=["authentication_methods"])
    return tenant


def recovery_codes_ensure(*, user: User) -> None:
    """A first method comes with recovery codes, as allauth's TOTP activation gives them."""
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).exists():
        RecoveryCodes.activate(user)


# --- hardware OATH tokens -------------------------------------------------------------------


def _serial_number() -> str:
    return f"HW{secrets.randbelow(10**10):010d}"


def oath_token_assign(*, user: User) -> HardwareOathToken:
    """The token the user is about to activate: the one already assigned, or a fresh one
    (what an admin's CSV upload would have assigned). Raises MethodNotAllowed."""
    _require_allowed(user, AuthenticationMethod.HARDWARE_OATH)
    pending = user_pending_oath_token(user=user)
    if pending is not None:
        return pending
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return HardwareOathToken.objects.create(
                    user=user, serial_number=_serial_number(), secret_key=secret
                )
        except IntegrityError:
            continue  # a serial number already taken: draw again
    raise RuntimeError("no free serial number")


def oath_token_code(*, token: HardwareOathToken, at: float | None = None) -> str:
    """What the token's display shows now (6 digits, 30-second steps)."""
    import time

    return format_hotp_value(hotp_value(token.secret_key, int((at or time.time()) // 30)))


def _oath_code_ok(token: HardwareOathToken, code: str) -> bool:
    code = normalize_user_code(code)
    if not (len(code) == CODE_DIGITS and code.isdigit()):
        return False
    if not validate_totp_code(token.secret_key, code):
        return False
    # Single use for as long as the code is accepted (allauth remembers 30 s only).
    return cache.add(f"entra.oath.used:{token.pk}:{code}", True, timeout=_OATH_USED_TTL)


def oath_token_verify(
    *, user: User, token: HardwareOathToken, code: str, request: HttpRequest | None = None
) -> bool:
    """Check a code of the user's token; a wrong or reused one counts as a failure. Raises
    ``failure_limits.TooManyFailures`` when MFA is locked for the user."""
    if token.user_id != user.pk:
        raise PermissionError("not the user's token")
    with failure_limits.attempt(_failure_key(user), request) as check:
        if _oath_code_ok(token, code):
            return True
        check.failed()
        return False


def oath_token_activate(
    *, user: User, token: HardwareOathToken, code: str, request: HttpRequest | None = None
) -> bool:
    """Activate the assigned token with a code from its display (Entra's "activate"). True
    when activated now; False for a wrong code. Raises MethodNotAllowed, TooManyFailures."""
    _require_allowed(user, AuthenticationMethod.HARDWARE_OATH)
    if not oath_token_verify(user=user, token=token, code=code, request=request):
        return False
    activated = HardwareOathToken.objects.filter(pk=token.pk, activated_at__isnull=True).update(
        activated_at=timezone.now()
    )
    return bool(activated)


def oath_token_remove(*, user: User, serial_number: str) -> bool:
    deleted, _ = HardwareOathToken.objects.filter(
        user=user, serial_number=serial_number
    ).delete()
    return bool(deleted)


# --- the phone: SMS and voice ---------------------------------------------------------------


def phone_number_normalize(value: str) -> str:
    """E.164 from what was typed ("+1 (425) 555-0100" -> "+14255550100"); ValidationError
    for anything else: no country code, letters, too short or long."""
    compact = _SEPARATORS.sub("", value or "")
    if compact.startswith("00"):
        compact = "+" + compact[2:]  # the international prefix many people type
    if not _E164.fullmatch(compact):
        raise ValidationError(
            _("Enter the number with its country code, for example +1 425 555 0100."),
            code="invalid_phone_number",
        )
    return compact


@transaction.atomic
def phone_register(*, user: User, phone_number: str, delivery: str) -> PhoneMethod:
    """Register (or replace) the user's phone for codes by ``delivery`` (sms or voice).
    Raises ValidationError for a bad number or delivery, MethodNotAllowed when the tenant does
    not allow that delivery."""
    number = phone_number_normalize(phone_number)
    if delivery not in PhoneMethod.Delivery.values:
        raise ValidationError(_("Choose how to receive the code."), code="invalid_delivery")
    method = (
        AuthenticationMethod.SMS if delivery == PhoneMethod.Delivery.SMS
        else AuthenticationMethod.VOICE
    )
    _require_allowed(user, method)
    phone, _created = PhoneMethod.objects.update_or_create(
        user=user, defaults={"phone_number": number, "delivery": delivery,
                             "created_at": timezone.now()},
    )
    return phone


def phone_remove(*, user: User) -> bool:
    with transaction.atomic():
        PhoneCode.objects.filter(user=user, used_at__isnull=True).delete()
        deleted, _ = PhoneMethod.objects.filter(user=user).delete()
    return bool(deleted)


def phone_code_send(*, user: User, channel: str, session_secret: str) -> PhoneCode:
    """Text or call a fresh 6-digit code to the user's phone for this browser session.

    Earlier unused codes of the session stop working (only the newest one is valid). Raises
    LookupError without a phone, MethodNotAllowed for a channel the tenant does not allow,
    SendTooSoon within the resend interval or past the hourly count."""
    from entra.methods.selectors import user_phone, user_phone_deliveries

    phone = user_phone(user=user)
    if phone is None:
        raise LookupError(user.email)
    if channel not in user_phone_deliveries(user=user):
        raise MethodNotAllowed(channel)
    now = timezone.now()
    hourly = PhoneCode.objects.filter(user=user, created_at__gt=now - timedelta(hours=1))
    if hourly.count() >= SENDS_PER_HOUR:
        raise SendTooSoon("hourly")
    # cache.add is atomic: of two sends at the same moment, one goes out.
    if not cache.add(f"entra.phone.sent:{user.pk}", True, timeout=RESEND_INTERVAL_SECONDS):
        raise SendTooSoon("interval")
    binding = binding_hash(session_secret)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        PhoneCode.objects.filter(user=user, session_binding=binding, used_at__isnull=True).update(
            expires_at=now
        )
        return PhoneCode.objects.create(
            user=user, channel=channel, phone_number=phone.phone_number, code=code,
            session_binding=binding, created_at=now, expires_at=now + PHONE_CODE_TTL,
        )


def phone_code_verify(
    *, user: User, code: str, session_secret: str, request: HttpRequest | None = None
) -> PhoneCode | None:
    """Spend the session's newest phone code if ``code`` is it: the PhoneCode (its channel
    says sms or voice), or None (wrong, expired, used: a failure). Raises TooManyFailures."""
    typed = normalize_user_code(code or "")
    with failure_limits.attempt(_failure_key(user), request) as check:
        now = timezone.now()
        latest = (
            PhoneCode.objects.filter(
                user=user, session_binding=binding_hash(session_secret),
                used_at__isnull=True, expires_at__gt=now,
            ).order_by("-created_at").first()
        )
        if latest is not None and constant_time_compare(latest.code, typed) and (
            PhoneCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now)
        ):
            return latest
        check.failed()
        return None


def user_extra_methods_delete(*, user: User) -> None:
    """A persona put back to its seeded state: its tokens, phone and codes go."""
    HardwareOathToken.objects.filter(user=user).delete()
    PhoneCode.objects.filter(user=user).delete()
    PhoneMethod.objects.filter(user=user).delete()
