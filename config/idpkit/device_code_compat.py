"""allauth's device authorization grant (RFC 8628) on oauthlib 4.

oauthlib 4.0 moved the check of a polled ``device_code`` into its ``DeviceCodeGrant``, which
now asks the request validator (``validate_device_code``) for the code's status. allauth
65.21's validator was written for oauthlib 3 and has no such method, so every device-code token
request that got as far as oauthlib ended in an AttributeError: a 500 instead of a token.

By the time oauthlib asks, allauth's token view has already polled the code itself (answering
``authorization_pending``, ``slow_down``, ``access_denied`` and unknown codes) and, for a code
the user confirmed, put that user and the scope asked for on the request (its ``pre_token``
hook, which oauthlib runs first). So the only status left to report is "authorized".
"""

from __future__ import annotations

from typing import Any

from oauthlib.common import Request
from oauthlib.oauth2.rfc8628.grant_types import DeviceCodeGrant

from .allauth_internals import OAuthLibRequestValidator


def _validate_device_code(
    self: OAuthLibRequestValidator, client_id: str, code: str, request: Request, *args: Any,
    **kwargs: Any,
) -> str | None:
    if getattr(request, "user", None) is None:
        return None  # oauthlib answers invalid_grant: nobody confirmed this code
    if not request.scope and not request.scopes:
        # The device asked for no scope: it got the client's default scopes when the code was
        # issued (RFC 6749 section 3.3); without scopes oauthlib would answer server_error.
        request.scopes = request.client.get_default_scopes()
    return DeviceCodeGrant.DEVICE_CODE_AUTHORIZED


def install() -> None:
    """Give allauth's validator the method oauthlib 4 calls, unless allauth has its own."""
    # vars(), not hasattr(): a default raising NotImplementedError in a base class would not do.
    if "validate_device_code" not in vars(OAuthLibRequestValidator):
        OAuthLibRequestValidator.validate_device_code = _validate_device_code
