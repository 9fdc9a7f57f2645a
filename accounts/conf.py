"""The relying party's settings, read and validated in one place.

Three settings choose how the portal asks for MFA and how it recognises it, so that the same
code works with the mock Entra ID and with a real tenant (README, "Pointing at a real Entra
tenant"):

- ``OIDC_ISSUER``: the issuer the provider's discovery document and tokens name, when it is not
  the authority itself (Entra's v1 endpoints: ``https://sts.windows.net/<tid>/``);
- ``OIDC_STEPUP``: how a step-up asks for MFA (``StepUpStrategy``);
- ``OIDC_AUTH_CONTEXT``: the Conditional Access authentication context of the
  ``auth_context`` strategy (``c1`` .. ``c99``, Entra's ids);
- ``OIDC_MFA_CLAIM``: which claim says MFA was done (``MfaClaim``); by default the one the
  strategy's answer carries.

A bad value is a ``ConfigurationError`` naming the setting, raised where the value is first
needed (a page then says it is a configuration problem, not an outage); ``accounts.checks``
reports the same problems at ``manage.py check``.
"""

from __future__ import annotations

import enum
import re

from django.conf import settings


class ConfigurationError(Exception):
    """The portal's sign-in cannot work as configured; ``setting`` names what to change.

    ``upstream`` says where the mistake showed: True when the provider's answer does not fit
    the settings (its issuer, its claims), False when a setting is unusable by itself.
    """

    def __init__(self, message: str, *, setting: str, upstream: bool = False) -> None:
        super().__init__(message)
        self.setting = setting
        self.upstream = upstream


class StepUpStrategy(enum.StrEnum):
    """How a step-up asks the provider for MFA."""

    # amr_values=mfa: the mock Entra ID and Entra's v1 authorize endpoint; the ID token's amr
    # says what was done.
    AMR_VALUES = "amr_values"
    # A claims request for the acrs claim (Conditional Access authentication context), Entra's
    # current way: a CA policy bound to the context requires MFA; acrs lists it once satisfied.
    AUTH_CONTEXT = "auth_context"
    # prompt=login and max_age=0: a fresh sign-in, MFA only if the tenant's policy asks for it
    # at every sign-in. The last resort for a provider that honours neither of the above.
    REAUTHENTICATE = "reauthenticate"


class MfaClaim(enum.StrEnum):
    """The ID-token claim that says whether MFA was done."""

    AMR = "amr"  # holds mfa or ngcmfa
    ACRS = "acrs"  # holds the configured authentication context


# Entra's authentication context ids (Microsoft Graph authenticationContextClassReference).
AUTH_CONTEXT_ID = re.compile(r"c[1-9][0-9]?")


def _choice(setting: str, kind: type[enum.StrEnum], value: object) -> enum.StrEnum:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise ConfigurationError(
            f"{setting} is {value!r}; it must be one of: {choices}.", setting=setting
        ) from None


def stepup_strategy() -> StepUpStrategy:
    return _choice("OIDC_STEPUP", StepUpStrategy, settings.OIDC_STEPUP)


def auth_context() -> str:
    """The authentication context id the ``auth_context`` strategy asks for and checks."""
    value = settings.OIDC_AUTH_CONTEXT
    if not isinstance(value, str) or not AUTH_CONTEXT_ID.fullmatch(value):
        raise ConfigurationError(
            f"OIDC_AUTH_CONTEXT is {value!r}; Entra's authentication context ids are c1 to c99.",
            setting="OIDC_AUTH_CONTEXT",
        )
    return value


def mfa_claim() -> MfaClaim:
    """The claim that says MFA was done: ``OIDC_MFA_CLAIM``, else the strategy's own."""
    configured = settings.OIDC_MFA_CLAIM
    if not configured:
        strategy = stepup_strategy()
        return MfaClaim.ACRS if strategy is StepUpStrategy.AUTH_CONTEXT else MfaClaim.AMR
    claim = _choice("OIDC_MFA_CLAIM", MfaClaim, configured)
    if claim is MfaClaim.ACRS and stepup_strategy() is not StepUpStrategy.AUTH_CONTEXT:
        # acrs only ever lists contexts the client asked for: no other strategy asks.
        raise ConfigurationError(
            "OIDC_MFA_CLAIM is 'acrs', but only OIDC_STEPUP=auth_context asks the provider "
            "for an authentication context: no token would ever show MFA.",
            setting="OIDC_MFA_CLAIM",
        )
    return claim


def expected_issuer() -> str:
    """The issuer the provider must name: ``OIDC_ISSUER`` when set, else the authority."""
    return settings.OIDC_ISSUER or settings.OIDC_AUTHORITY.rstrip("/")
