"""``manage.py check`` catches the sign-in settings that cannot work (``accounts.checks``)."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.checks import check_oidc_settings, check_provider_discovery
from testsupport.key_provider import KeyProvider

TID = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
V1 = f"https://login.microsoftonline.com/{TID}"
V2 = f"{V1}/v2.0"
STS = f"https://sts.windows.net/{TID}/"


def _ids(messages: list[checks.CheckMessage]) -> list[str]:
    return [message.id for message in messages]


def test_the_default_settings_pass(settings):
    assert check_oidc_settings() == []


@pytest.mark.parametrize(
    ("overrides", "ids"),
    [
        ({"OIDC_STEPUP": "sms"}, ["accounts.E001"]),
        ({"OIDC_STEPUP": "auth_context", "OIDC_AUTH_CONTEXT": "context1"}, ["accounts.E002"]),
        ({"OIDC_MFA_CLAIM": "acrs"}, ["accounts.E003"]),
        ({"OIDC_MFA_CLAIM": "otp"}, ["accounts.E003"]),
        ({"OIDC_AUTHORITY": "login.microsoftonline.com/contoso"}, ["accounts.E004"]),
        ({"OIDC_ISSUER": "sts.windows.net"}, ["accounts.E005"]),
        ({"OIDC_AUTHORITY": "https://login.microsoftonline.com/organizations/v2.0"},
         ["accounts.E006"]),
        # v1: the issuer is the tenant's STS.
        ({"OIDC_AUTHORITY": V1}, ["accounts.E007"]),
        ({"OIDC_AUTHORITY": V1, "OIDC_ISSUER": "https://sts.windows.net/other/"},
         ["accounts.E007"]),
        # v2.0: the issuer is the authority, and ID tokens carry no amr.
        ({"OIDC_AUTHORITY": V2, "OIDC_ISSUER": STS, "OIDC_STEPUP": "auth_context"},
         ["accounts.E008"]),
        ({"OIDC_AUTHORITY": V2}, ["accounts.E009"]),
        ({"OIDC_AUTHORITY": V2, "OIDC_STEPUP": "reauthenticate"}, ["accounts.E009"]),
    ],
)
def test_each_unusable_setting_is_an_error_naming_it(settings, overrides, ids):
    for name, value in overrides.items():
        setattr(settings, name, value)
    messages = check_oidc_settings()
    assert _ids(messages) == ids
    assert all(isinstance(message, checks.Error) for message in messages)
    assert any(name in messages[0].msg for name in overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        {"OIDC_AUTHORITY": V1, "OIDC_ISSUER": STS},  # v1 with amr_values: the mock's way
        {"OIDC_AUTHORITY": V1, "OIDC_ISSUER": STS, "OIDC_STEPUP": "reauthenticate"},
        {"OIDC_AUTHORITY": V2, "OIDC_STEPUP": "auth_context", "OIDC_AUTH_CONTEXT": "c12"},
        {"OIDC_AUTHORITY": "https://login.microsoftonline.com/contoso.onmicrosoft.com",
         "OIDC_ISSUER": STS},  # a domain name: the tenant id cannot be compared offline
        {"OIDC_AUTHORITY": "https://idp.example.com/realms/partners"},  # not Entra
    ],
)
def test_the_documented_set_ups_pass(settings, overrides):
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert check_oidc_settings() == []


def test_manage_py_check_fails_on_an_unknown_strategy(settings):
    settings.OIDC_STEPUP = "sms"
    with pytest.raises(SystemCheckError, match=r"accounts\.E001.*OIDC_STEPUP"):
        call_command("check")


# --- --deploy: the provider is asked


@pytest.fixture
def provider(settings):
    provider = KeyProvider(issuer=STS)
    settings.OIDC_AUTHORITY = provider.url
    settings.OIDC_ISSUER = STS
    yield provider
    provider.stop()


def test_the_provider_is_asked_only_with_deploy(provider):
    checks.run_checks(include_deployment_checks=False)
    assert provider.discovery_fetches == 0
    checks.run_checks(include_deployment_checks=True)
    assert provider.discovery_fetches == 1


def test_a_provider_that_agrees_with_the_settings_passes(provider):
    provider.metadata["claims_supported"] = ["sub", "amr"]
    assert check_provider_discovery() == []


def test_an_issuer_the_provider_does_not_use_is_an_error(provider, settings):
    settings.OIDC_ISSUER = "https://sts.windows.net/another-tenant/"
    assert _ids(check_provider_discovery()) == ["accounts.E010"]
    settings.OIDC_ISSUER = ""
    assert _ids(check_provider_discovery()) == ["accounts.E010"]


def test_auth_context_needs_a_provider_that_takes_the_claims_parameter(provider, settings):
    settings.OIDC_STEPUP = "auth_context"
    assert _ids(check_provider_discovery()) == ["accounts.E011"]
    provider.metadata["claims_parameter_supported"] = True
    assert check_provider_discovery() == []


def test_amr_values_with_a_provider_that_lists_no_amr_is_a_warning(provider):
    provider.metadata["claims_supported"] = ["sub", "acr", "tid"]  # Entra v2.0's shape
    messages = check_provider_discovery()
    assert _ids(messages) == ["accounts.W011"]
    assert isinstance(messages[0], checks.Warning)


def test_an_unreachable_provider_is_a_warning_not_an_error(settings):
    settings.OIDC_AUTHORITY = "http://localhost:9"  # discard port: nothing listens
    assert _ids(check_provider_discovery()) == ["accounts.W010"]


def test_the_simulators_own_mock_is_not_asked(settings):
    # Its issuer is IDP_BASE_URL by construction; a deployment is checked before it starts.
    settings.OIDC_AUTHORITY = settings.IDP_BASE_URL = "http://localhost:9"
    assert check_provider_discovery() == []
