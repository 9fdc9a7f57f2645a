"""MFA registration as the interrupt Entra shows: register a method, keep the recovery codes,
then verify with the new method (journey 3). Verification itself is allauth's
``mfa_reauthenticate``; cancelling it returns ``access_denied`` to the waiting client."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.idpkit.client_redirect import authorization_params, client_target, error_redirect
from entra import selectors, third_party_mfa
from entra.methods import selectors as method_selectors
from entra.models import AuthenticationMethod
from entra.push import services as push_services
from entra.security_info_access import (
    just_registered,
    method_recently_verified,
    note_registration,
    verify_first,
)


def safe_next(request: HttpRequest) -> str | None:
    value = request.POST.get("next") or request.GET.get("next")
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def _with_next(urlname: str, next_url: str | None) -> str:
    url = reverse(urlname)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class RegisterTOTPView(ActivateTOTPView):
    """allauth's TOTP activation, continuing to verification instead of the MFA settings page."""

    template_name = "entra/mfa_register.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and third_party_mfa.uses_third_party_mfa(request.user):
            # The tenant's MFA is a third party's: Entra offers no registration of its own.
            return HttpResponseRedirect(_with_next("entra:third_party_mfa", safe_next(request)))
        if request.user.is_authenticated and selectors.user_has_totp(user=request.user):
            return HttpResponseRedirect(_with_next("mfa_reauthenticate", safe_next(request)))
        if (
            request.user.is_authenticated
            and selectors.user_has_entra_mfa_method(user=request.user)
            and not method_recently_verified(request)
        ):
            # A passkey user adding an app proves the passkey first (Entra's security info rule).
            return verify_first(request, request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self._app_allowed():
            # The tenant's policy leaves the app out: the list of what it allows, no QR code.
            return render(request, self.template_name, self._list_context(app_allowed=False))
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self._app_allowed():
            from entra.views.methods import _not_allowed

            return _not_allowed(request, AuthenticationMethod.MICROSOFT_AUTHENTICATOR)
        return super().post(request, *args, **kwargs)

    def _app_allowed(self) -> bool:
        return method_selectors.user_may_register(
            user=self.request.user, method=AuthenticationMethod.MICROSOFT_AUTHENTICATOR
        )

    def _list_context(self, *, app_allowed: bool = True) -> dict:
        # Entra's interrupt: the methods the tenant allows as a list, the app (Entra's default
        # and recommended one) opened below it (entra.views.methods).
        from entra.views.methods import method_choices

        current = AuthenticationMethod.MICROSOFT_AUTHENTICATOR.value if app_allowed else None
        return {
            "next": safe_next(self.request), "app_allowed": app_allowed,
            "fido2_allowed": method_selectors.user_may_register(
                user=self.request.user, method=AuthenticationMethod.FIDO2
            ),
            "choices": method_choices(self.request, current=current),
        }

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), **self._list_context()}

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # Microsoft Authenticator gives both: its codes (allauth's TOTP) and push approvals.
        push_services.push_registration_create(user=self.request.user)
        note_registration(self.request)
        self.request.session.pop("entra_registered_method", None)  # the app, not a phone
        return response

    def get_success_url(self) -> str:
        return _with_next("entra:mfa_registered", safe_next(self.request))


mfa_register = RegisterTOTPView.as_view()


@require_GET
@never_cache
@login_required
def mfa_registered(request: HttpRequest) -> HttpResponse:
    """The recovery codes of the method this session has just registered (or verified)."""
    if not (just_registered(request) or method_recently_verified(request)):
        return verify_first(request, request.get_full_path())
    codes = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    latest = selectors.user_latest_mfa_method(user=request.user)
    # A phone or hardware token registered by this session (entra.views.methods) names itself.
    other = request.session.get("entra_registered_method") if just_registered(request) else None
    return render(
        request,
        "entra/mfa_registered.html",
        {
            "other": other if other in ("phone", "token") else None,
            "passkey": latest is not None and latest.type == Authenticator.Type.WEBAUTHN,
            "recovery_codes": codes.wrap().get_unused_codes() if codes else [],
            "verify_url": _with_next(
                "mfa_reauthenticate", safe_next(request) or reverse("entra:security_info")
            ),
        },
    )


@require_GET
def stepup_cancel(request: HttpRequest) -> HttpResponse:
    """The user gave up on MFA: tell the waiting client, the OIDC way, and keep the session."""
    params = authorization_params(safe_next(request))
    target = client_target(params) if params is not None else None
    if target is None:
        return HttpResponseRedirect(reverse("entra:security_info"))
    return error_redirect(
        target, "access_denied", "The user did not complete multifactor authentication."
    )
