"""Passkeys and security keys (WebAuthn, ``amr`` "fido"): allauth's views, on Entra's journeys.

allauth's views do the WebAuthn ceremonies; these subclasses only change where the user goes
next. Registering a first method continues as Entra's registration interrupt does (recovery
codes, then verification with the new method); a failed passkey answer at a step-up stays on
the page with its error (allauth sends it to the sign-in page, losing the waiting client).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.webauthn.views import (
    AddWebAuthnView,
    ReauthenticateWebAuthnView,
    RemoveWebAuthnView,
)
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.views.generic.edit import FormView

from entra import selectors
from entra.security_info_access import note_registration
from entra.views.mfa import safe_next

# ``?method=code`` on the verification page: the user chose a recovery code over the passkey.
CODE_METHOD = "code"


class AddPasskeyView(AddWebAuthnView):
    """allauth's "add a security key", from security info or the registration interrupt."""

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "next": safe_next(self.request),
            "first_method": not selectors.user_has_entra_mfa_method(user=self.request.user),
        }

    def form_valid(self, form) -> HttpResponse:
        self.first_method = not selectors.user_has_entra_mfa_method(user=self.request.user)
        return super().form_valid(form)

    def get_success_url(self) -> str:
        next_url = safe_next(self.request)
        if self.first_method:
            # The registration interrupt: the new recovery codes, then verify with the passkey.
            note_registration(self.request)
            url = reverse("entra:mfa_registered")
            return f"{url}?{urlencode({'next': next_url})}" if next_url else url
        return next_url or reverse("entra:security_info")


class ReauthenticatePasskeyView(ReauthenticateWebAuthnView):
    """Verification with a passkey: a refused answer is shown on this page, with a new
    challenge, and the waiting client's ``next`` is kept."""

    def form_invalid(self, form) -> HttpResponse:
        return FormView.form_invalid(self, form)


class RemovePasskeyView(RemoveWebAuthnView):
    """Back to security info (allauth's default is its own list of keys, which Entra lacks)."""

    success_url = reverse_lazy("entra:security_info")


add_passkey = AddPasskeyView.as_view()
reauthenticate_passkey = ReauthenticatePasskeyView.as_view()
remove_passkey = RemovePasskeyView.as_view()


def passkey_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap the code verification page: a user whose only method is a passkey is sent to the
    passkey prompt (``next`` kept), unless they chose a recovery code (``?method=code``).

    One place for every way to verification (a client's step-up, security info's proof rule,
    the registration interrupt's "Continue"), all of which name ``mfa_reauthenticate``.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method == "GET"
            and request.user.is_authenticated
            and request.GET.get("method") != CODE_METHOD
            and selectors.user_verifies_with_passkey_only(user=request.user)
        ):
            query = request.GET.urlencode()
            url = reverse("mfa_reauthenticate_webauthn")
            return HttpResponseRedirect(f"{url}?{query}" if query else url)
        return view(request, *args, **kwargs)

    return wrapper
