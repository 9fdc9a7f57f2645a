"""Reads of the methods a tenant allows and a user holds (``entra.methods``)."""

from __future__ import annotations

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.utils import timezone

from entra.models import (
    AuthenticationMethod,
    HardwareOathToken,
    PhoneCode,
    PhoneMethod,
    Tenant,
    User,
)

# How long the simulated phone keeps showing a text message or call.
PHONE_INBOX_MINUTES = 15


def tenant_allowed_methods(*, tenant: Tenant | None) -> list[AuthenticationMethod]:
    """The tenant's allow-list, in the canonical order (a user without a tenant: all)."""
    allowed = set(tenant.authentication_methods or []) if tenant is not None else None
    return [m for m in AuthenticationMethod if allowed is None or m.value in allowed]


def user_may_register(*, user: User, method: AuthenticationMethod) -> bool:
    return method in tenant_allowed_methods(tenant=user.tenant)


def user_oath_token(*, user: User) -> HardwareOathToken | None:
    """The user's activated hardware token (one per user here)."""
    return (
        HardwareOathToken.objects.filter(user=user, activated_at__isnull=False)
        .order_by("activated_at").first()
    )


def user_pending_oath_token(*, user: User) -> HardwareOathToken | None:
    """A token assigned to the user and not activated yet (registration in progress)."""
    return HardwareOathToken.objects.filter(user=user, activated_at__isnull=True).first()


def oath_token_get(*, serial_number: str) -> HardwareOathToken | None:
    return (
        HardwareOathToken.objects.select_related("user")
        .filter(serial_number=serial_number).first()
    )


def oath_tokens_all() -> list[HardwareOathToken]:
    return list(HardwareOathToken.objects.select_related("user").order_by("serial_number"))


def user_phone(*, user: User) -> PhoneMethod | None:
    return PhoneMethod.objects.filter(user=user).first()


def user_phone_deliveries(*, user: User) -> list[str]:
    """How codes may reach the user's phone now: its default first, then the other channel,
    each only while the tenant allows it (a switched-off channel is not offered)."""
    phone = user_phone(user=user)
    if phone is None:
        return []
    allowed = tenant_allowed_methods(tenant=user.tenant)
    channels = [
        d for d, m in ((PhoneMethod.Delivery.SMS, AuthenticationMethod.SMS),
                       (PhoneMethod.Delivery.VOICE, AuthenticationMethod.VOICE))
        if m in allowed
    ]
    return sorted(channels, key=lambda d: d != phone.delivery)


def user_has_other_entra_method(*, user: User) -> bool:
    """A hardware token or a phone: the methods that are not allauth authenticators."""
    return user_oath_token(user=user) is not None or user_phone(user=user) is not None


def user_default_extra_method(*, user: User) -> str | None:
    """Where verification starts for a user with neither app nor passkey: the phone or the
    token, whichever was registered last (the one the registration interrupt just added)."""
    phone, token = user_phone(user=user), user_oath_token(user=user)
    if phone and token:
        return "phone" if phone.created_at >= token.activated_at else "token"
    return "phone" if phone else "token" if token else None


def user_verification_ways(*, user: User) -> list[str]:
    """Every way this user can answer MFA now, for "Sign in another way": ``app`` (push and
    code), ``passkey``, ``sms``, ``voice``, ``token``, ``recovery_code``."""
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    ways = []
    if Authenticator.Type.TOTP in types:
        ways.append("app")
    if Authenticator.Type.WEBAUTHN in types:
        ways.append("passkey")
    ways.extend(user_phone_deliveries(user=user))
    if user_oath_token(user=user) is not None:
        ways.append("token")
    if Authenticator.Type.RECOVERY_CODES in types:
        ways.append("recovery_code")
    return ways


def phone_inbox(*, user: User) -> list[PhoneCode]:
    """The texts and calls the user's phone received lately, newest first."""
    since = timezone.now() - timedelta(minutes=PHONE_INBOX_MINUTES)
    return list(PhoneCode.objects.filter(user=user, created_at__gte=since)[:10])
