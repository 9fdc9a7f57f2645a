"""System checks for configuration that would make Wingtip AD FS lie or break quietly."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from config.idpkit.checks import (
    client_secret_hasher_problem,
    failure_limits_problem,
    origin_is_ip_address,
    signing_key_problem,
)


@checks.register(checks.Tags.security)
def check_signing_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    problem = signing_key_problem(settings.IDP_OIDC_PRIVATE_KEY)
    if problem:
        return [checks.Error(f"ADFS_SIGNING_KEY: {problem}.", id="adfs.E001")]
    return []


@checks.register()
def check_origin(app_configs, **kwargs) -> list[checks.CheckMessage]:
    messages = []
    if origin_is_ip_address(settings.ADFS_BASE_URL):
        messages.append(checks.Warning(
            "ADFS_BASE_URL uses an IP address; WebAuthn refuses IP origins.",
            hint="Use a host name such as http://localhost:8002.", id="adfs.W001",
        ))
    if settings.SESSION_COOKIE_NAME == "sessionid":
        messages.append(checks.Error(
            "Wingtip AD FS must not use the default session cookie name: another origin on "
            "the same host would overwrite it.", id="adfs.E002",
        ))
    return messages


@checks.register(checks.Tags.security)
def check_sign_in_secrets(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Client secrets readable by the fast hasher; wrong passwords and codes counted."""
    return [
        checks.Error(f"{problem}.", id=f"adfs.E{number}")
        for number, problem in (
            ("003", client_secret_hasher_problem()),
            ("004", failure_limits_problem()),
        )
        if problem
    ]
