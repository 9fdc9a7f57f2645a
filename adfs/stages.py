from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage
from django.http import HttpRequest

from adfs.internal.authn_request import parse_authn_request
from config.idpkit.client_redirect import authorization_params


class DirectoryMfaStage(AuthenticateStage):
    """allauth's MFA login stage, asked as Wingtip's AD FS policy says: of every user whose
    "skip MFA" switch is off, and of anyone whose pending authorization request asks for MFA
    (``acr_values=...multipleauthn``), so the code comes right after the password."""

    def _should_handle(self, request: HttpRequest) -> bool:
        user = self.login.user
        if user is None:
            return False
        if user.skip_mfa and not self._client_asks_for_mfa():
            return False
        return super()._should_handle(request)

    def _client_asks_for_mfa(self) -> bool:
        params = authorization_params(self.login.redirect_url)
        return params is not None and parse_authn_request(params).mfa
