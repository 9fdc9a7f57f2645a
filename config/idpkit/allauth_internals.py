"""Every name the simulator's identity providers take from allauth's private modules.

allauth does not promise these between releases: an upgrade that moves one breaks here, in one
file, instead of wherever it was used. Public allauth API (adapters, models, views, settings)
is imported where it is used.
"""

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY as AUTHENTICATION_USER_SESSION_KEY,
)
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
    record_authentication,
)
from allauth.account.internal.flows.reauthentication import resume_request
from allauth.account.internal.stagekit import clear_login, unstash_login
from allauth.account.internal.userkit import str_to_user_id
from allauth.account.views import BaseReauthenticateView  # undocumented; 65.22 moves it
from allauth.core.internal import jwkkit
from allauth.core.internal.cryptokit import normalize_user_code
from allauth.idp.oidc.internal.oauthlib.device_codes import (
    cache_device_code_key,
    validate_user_code,
)
from allauth.idp.oidc.internal.oauthlib.request_validator import OAuthLibRequestValidator
from allauth.idp.oidc.internal.resources import validate_resources
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY as TOTP_SECRET_SESSION_KEY
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    validate_totp_code,
)
from allauth.socialaccount.internal import jwtkit

__all__ = [
    "AUTHENTICATION_METHODS_SESSION_KEY",
    "AUTHENTICATION_USER_SESSION_KEY",
    "TOTP",
    "TOTP_SECRET_SESSION_KEY",
    "BaseReauthenticateView",
    "OAuthLibRequestValidator",
    "RecoveryCodes",
    "cache_device_code_key",
    "clear_login",
    "format_hotp_value",
    "get_authentication_records",
    "hotp_value",
    "jwkkit",
    "jwtkit",
    "normalize_user_code",
    "record_authentication",
    "resume_request",
    "str_to_user_id",
    "unstash_login",
    "validate_resources",
    "validate_totp_code",
    "validate_user_code",
]
