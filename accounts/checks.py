"""System checks of the sign-in settings (``manage.py check``).

Offline, always: every value of ``accounts.conf`` is usable, and the authority/issuer pair
fits what Microsoft Entra ID publishes (v1 endpoints: issuer ``https://sts.windows.net/<tid>/``;
v2.0: the authority itself, and ID tokens without ``amr``), so the usual mistakes are caught
before anyone signs in.

Online, only with ``--deploy``: the provider's discovery document is fetched and compared with
the settings (issuer, ``claims`` parameter support). A check that contacts the network must not
run on every ``manage.py`` command (migrate, runserver's autoreload), nor fail an offline build.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from accounts import conf
from accounts.conf import ConfigurationError, MfaClaim, StepUpStrategy
from accounts.provider import (
    ProviderMisconfigured,
    ProviderUnavailable,
    check_issuer,
    discovery_url,
    fetch_document,
)

README_HINT = "See the README, \"Pointing at a real Entra tenant\"."
ENTRA_LOGIN_HOST = "login.microsoftonline.com"
ENTRA_V1_ISSUER = "https://sts.windows.net/{tenant}/"
# Authorities whose issuer is a template ({tenantid}): the portal accepts exactly one issuer.
MULTI_TENANT_SEGMENTS = frozenset({"common", "organizations", "consumers"})


def _error(message: str, id_: str, hint: str = README_HINT) -> Error:
    return Error(message, hint=hint, id=id_)


def _absolute_url_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return "is empty"
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return f"is {value!r}, not an absolute http(s) URL"
    if parts.query or parts.fragment:
        return f"is {value!r}: an issuer URL has no query or fragment"
    return None


def _entra_shape(authority: str) -> tuple[str, bool] | None:
    """(tenant segment, is v2.0) of an Entra authority URL, or None for another provider."""
    parts = urlsplit(authority)
    if parts.hostname != ENTRA_LOGIN_HOST:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        return None
    return segments[0], segments[1:] == ["v2.0"]


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# `manage.py check --tag oidc` (with --deploy: and the provider) runs these alone.
TAG = "oidc"


@register(TAG)
def check_oidc_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Every sign-in setting is usable, without contacting the provider."""
    messages: list[CheckMessage] = []
    strategy = claim = None
    try:
        strategy = conf.stepup_strategy()
    except ConfigurationError as exc:
        messages.append(_error(str(exc), "accounts.E001"))
    if strategy is not None:
        try:
            claim = conf.mfa_claim()
        except ConfigurationError as exc:
            messages.append(_error(str(exc), "accounts.E003"))
    if strategy is StepUpStrategy.AUTH_CONTEXT or claim is MfaClaim.ACRS:
        try:
            conf.auth_context()
        except ConfigurationError as exc:
            messages.append(_error(str(exc), "accounts.E002"))

    authority, issuer = settings.OIDC_AUTHORITY, settings.OIDC_ISSUER
    if problem := _absolute_url_problem(authority):
        messages.append(_error(f"OIDC_AUTHORITY {problem}.", "accounts.E004"))
        return messages
    if issuer and (problem := _absolute_url_problem(issuer)):
        messages.append(_error(f"OIDC_ISSUER {problem}.", "accounts.E005"))
    messages += _entra_messages(authority, issuer, claim)
    return messages


def _entra_messages(authority: str, issuer: str, claim: MfaClaim | None) -> list[CheckMessage]:
    shape = _entra_shape(authority)
    if shape is None:
        return []
    tenant, v2 = shape
    if tenant.lower() in MULTI_TENANT_SEGMENTS:
        return [_error(
            f"OIDC_AUTHORITY {authority!r} is a multi-tenant endpoint; its issuer is a template, "
            "and the portal accepts exactly one issuer. Use your tenant's id.",
            "accounts.E006",
        )]
    messages: list[CheckMessage] = []
    if v2:
        if issuer and issuer.rstrip("/") != authority.rstrip("/"):
            messages.append(_error(
                f"OIDC_ISSUER is {issuer!r}, but Entra's v2.0 endpoints publish the authority "
                f"itself ({authority!r}) as their issuer. Leave OIDC_ISSUER empty.",
                "accounts.E008",
            ))
        if claim is MfaClaim.AMR:
            messages.append(_error(
                "Entra's v2.0 ID tokens carry no amr claim, so with this OIDC_STEPUP the portal "
                "would never see MFA. Use OIDC_STEPUP=auth_context, or the v1 endpoints "
                "(OIDC_AUTHORITY without /v2.0, and OIDC_ISSUER).",
                "accounts.E009",
            ))
        return messages
    expected = ENTRA_V1_ISSUER.format(tenant=tenant) if _is_guid(tenant) else None
    if not issuer:
        messages.append(_error(
            f"OIDC_AUTHORITY {authority!r} is an Entra v1 endpoint, whose issuer is "
            f"{expected or ENTRA_V1_ISSUER.format(tenant='<tenant-id>')!r}: set OIDC_ISSUER.",
            "accounts.E007",
        ))
    elif expected and issuer != expected:
        messages.append(_error(
            f"OIDC_ISSUER is {issuer!r}, but the v1 issuer of tenant {tenant} is {expected!r}.",
            "accounts.E007",
        ))
    return messages


@register(TAG, deploy=True)
def check_provider_discovery(app_configs=None, **kwargs) -> list[CheckMessage]:
    """The provider's discovery document agrees with the settings (``check --deploy`` only).

    Skipped for the simulator's own mock Entra ID: its issuer is ``IDP_BASE_URL`` by
    construction, and a deployment is checked before its origins are started.
    """
    authority = settings.OIDC_AUTHORITY
    own_mock = authority.rstrip("/") == settings.IDP_BASE_URL.rstrip("/")
    if own_mock or _absolute_url_problem(authority):
        return []
    url = discovery_url(authority)
    try:
        document = fetch_document(authority)
    except ProviderUnavailable as exc:
        return [Warning(
            f"The identity provider could not be asked: {exc}",
            hint="The issuer and step-up settings were checked offline only.",
            id="accounts.W010",
        )]
    messages: list[CheckMessage] = []
    issuer = document.get("issuer")
    try:
        check_issuer(issuer if isinstance(issuer, str) else "", url=url)
    except ProviderMisconfigured as exc:
        messages.append(_error(str(exc), "accounts.E010"))
    try:
        strategy = conf.stepup_strategy()
    except ConfigurationError:
        return messages  # reported by check_oidc_settings
    if (
        strategy is StepUpStrategy.AUTH_CONTEXT
        and document.get("claims_parameter_supported") is not True
    ):
        # OpenID Connect Discovery 1.0: an absent value means false.
        messages.append(_error(
            f"OIDC_STEPUP is auth_context, but {url} does not say claims_parameter_supported: "
            "the provider would ignore the request for the authentication context.",
            "accounts.E011",
        ))
    claims_supported = document.get("claims_supported")
    if (
        strategy is StepUpStrategy.AMR_VALUES
        and isinstance(claims_supported, list)
        and "amr" not in claims_supported
    ):
        messages.append(Warning(
            f"OIDC_STEPUP is amr_values, but {url} does not list amr in claims_supported: its "
            "ID tokens may never say that MFA was done.",
            hint=README_HINT,
            id="accounts.W011",
        ))
    return messages
