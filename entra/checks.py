"""System checks for configuration that would make the mock IdP lie or break quietly."""

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
    return [checks.Error(f"IDP_SIGNING_KEY: {problem}.", id="entra.E001")] if problem else []


@checks.register()
def check_idp_origin(app_configs, **kwargs) -> list[checks.CheckMessage]:
    messages = []
    if origin_is_ip_address(settings.IDP_BASE_URL):
        messages.append(checks.Warning(
            "IDP_BASE_URL uses an IP address; WebAuthn refuses IP origins.",
            hint="Use a host name such as http://localhost:8001.", id="entra.W001",
        ))
    if settings.SESSION_COOKIE_NAME == "sessionid":
        messages.append(checks.Error(
            "The IdP must not use the default session cookie name: the portal on the same host "
            "would overwrite it.", id="entra.E003",
        ))
    return messages


@checks.register(checks.Tags.security)
def check_sign_in_secrets(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Client secrets readable by the fast hasher; wrong passwords and codes counted."""
    return [
        checks.Error(f"{problem}.", id=f"entra.E{number}")
        for number, problem in (
            ("004", client_secret_hasher_problem()),
            ("005", failure_limits_problem()),
        )
        if problem
    ]
