"""allauth's sign-in page, with the user name filled in from the client's ``login_hint``."""

from __future__ import annotations

from allauth.account.views import LoginView

from adfs.internal.authn_request import parse_authn_request
from config.idpkit.client_redirect import authorization_params


class SignInView(LoginView):
    def get_initial(self) -> dict:
        initial = super().get_initial()
        # Entra ID passes on the UPN the user typed there; AD FS shows it, ready for the password.
        params = authorization_params(self.request.GET.get("next"))
        hint = parse_authn_request(params).login_hint if params is not None else None
        if hint:
            initial["login"] = hint
        return initial


sign_in = SignInView.as_view()
