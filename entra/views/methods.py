"""Registration and verification of the methods beyond the app and passkeys (common issue 4:
no smartphone): the method list of the registration interrupt and of security info, a hardware
OATH token (and its simulated display, demo mode only), codes by SMS or voice call to the
simulated phone, "Sign in another way", and removal on security info.

Thin views over ``entra.methods``: every rule (the tenant's allow-list, single use, expiry,
failure and resend limits) lives in its services.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.idpkit import failure_limits
from config.idpkit.allauth_internals import record_authentication, resume_request
from entra import selectors, third_party_mfa
from entra.methods import RECORD_HARDWARE_OATH, RECORD_SMS, RECORD_VOICE
from entra.methods import selectors as method_selectors
from entra.methods import services as method_services
from entra.models import AuthenticationMethod, PhoneMethod, User
from entra.security_info_access import (
    has_method,
    method_proof_required,
    note_registration,
    security_info_unlocked,
    verify_first,
)
from entra.templatetags.entra_tags import stepup_cancel_url
from entra.views.mfa import safe_next
from entra.views.push import session_secret
from entra.views.trainer import trainer_page

_REGISTERED_KIND_SESSION_KEY = "entra_registered_method"
_A = AuthenticationMethod


def _with_next(url: str, next_url: str | None, **params: str) -> str:
    query = {**params, **({"next": next_url} if next_url else {})}
    return f"{url}?{urlencode(query)}" if query else url


def method_choices(request: HttpRequest, *, current: str | None = None) -> list[dict]:
    """The methods the user's tenant allows and the user has not registered yet, each with
    the page that registers it (``next`` kept): the list of the registration interrupt and of
    security info's "Add sign-in method"."""
    user, next_url = request.user, safe_next(request)
    registered = set(method_selectors.user_verification_ways(user=user))
    pages = {
        _A.MICROSOFT_AUTHENTICATOR: _with_next(reverse("entra:mfa_register"), next_url),
        _A.FIDO2: _with_next(reverse("mfa_add_webauthn"), next_url),
        _A.HARDWARE_OATH: _with_next(reverse("entra:mfa_register_oath"), next_url),
        _A.SMS: _with_next(reverse("entra:mfa_register_phone"), next_url, delivery="sms"),
        _A.VOICE: _with_next(reverse("entra:mfa_register_phone"), next_url, delivery="voice"),
    }
    taken = {
        _A.MICROSOFT_AUTHENTICATOR: "app" in registered,
        _A.HARDWARE_OATH: "token" in registered,
        _A.SMS: method_selectors.user_phone(user=user) is not None,
        _A.VOICE: method_selectors.user_phone(user=user) is not None,
    }
    return [
        {"key": m.value, "label": m.label, "url": pages[m], "current": m.value == current}
        for m in method_selectors.tenant_allowed_methods(tenant=user.tenant)
        if not taken.get(m, False)
    ]


def registration_gate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Entra's rule for adding a method: a user with a method verifies it first, one without
    has signed in with the password recently (the registration interrupt); never for a
    tenant whose MFA is a third party's."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if third_party_mfa.uses_third_party_mfa(user):
            return HttpResponseRedirect(reverse("entra:security_info"))
        if not security_info_unlocked(request):
            if has_method(user):
                return verify_first(request, request.get_full_path())
            return HttpResponseRedirect(
                _with_next(reverse("account_reauthenticate"), request.get_full_path())
            )
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def _not_allowed(request: HttpRequest, method: AuthenticationMethod) -> HttpResponse:
    return render(
        request, "entra/methods/not_allowed.html",
        {"method": method.label, "choices": method_choices(request), "next": safe_next(request)},
        status=HTTPStatus.FORBIDDEN,
    )


def _registered(request: HttpRequest, *, first: bool, kind: str) -> HttpResponse:
    """After a registration: a first method continues as Entra's interrupt does (recovery
    codes, then verification with it); a further one goes back to security info."""
    next_url = safe_next(request)
    if first:
        method_services.recovery_codes_ensure(user=request.user)
        note_registration(request)
        request.session[_REGISTERED_KIND_SESSION_KEY] = kind
        return HttpResponseRedirect(_with_next(reverse("entra:mfa_registered"), next_url))
    return HttpResponseRedirect(next_url or reverse("entra:security_info"))


def method_allowed(
    method: AuthenticationMethod,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a registration page of allauth's (TOTP activation, adding a passkey): a method the
    tenant does not allow is refused, GET and POST alike."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated and not method_selectors.user_may_register(
                user=request.user, method=method
            ):
                return _not_allowed(request, method)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def registered_kind(request: HttpRequest) -> str | None:
    """Which method this session registered last through these pages (the registered page's
    title), if any."""
    return request.session.get(_REGISTERED_KIND_SESSION_KEY)


@registration_gate
@require_GET
def method_add(request: HttpRequest) -> HttpResponse:
    """Security info's "Add sign-in method": the list the tenant allows."""
    return render(
        request, "entra/methods/add.html",
        {"choices": method_choices(request), "next": safe_next(request)},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=16, strip=True,
        error_messages={"required": gettext_lazy("Enter the code.")},
    )


_LOCKED = gettext_lazy("Too many failed attempts. Try again later.")
_WRONG = gettext_lazy("That code is not right, or was used already. Try again.")


# --- hardware OATH token ------------------------------------------------------------------


@registration_gate
@require_http_methods(["GET", "POST"])
def register_oath(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not method_selectors.user_may_register(user=user, method=_A.HARDWARE_OATH):
        return _not_allowed(request, _A.HARDWARE_OATH)
    if method_selectors.user_oath_token(user=user) is not None:
        return HttpResponseRedirect(reverse("entra:security_info"))
    token = method_services.oath_token_assign(user=user)
    form = CodeForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        first = not selectors.user_has_entra_mfa_method(user=user)
        try:
            ok = method_services.oath_token_activate(
                user=user, token=token, code=form.cleaned_data["code"], request=request
            )
        except failure_limits.TooManyFailures:
            form.add_error("code", _LOCKED)
            status = HTTPStatus.TOO_MANY_REQUESTS
        else:
            if ok:
                return _registered(request, first=first, kind="token")
            form.add_error("code", _WRONG)
    if request.method == "POST" and status == HTTPStatus.OK:
        status = HTTPStatus.BAD_REQUEST
    return render(
        request, "entra/methods/register_oath.html",
        {
            "token": token, "form": form, "next": safe_next(request),
            "choices": method_choices(request, current=_A.HARDWARE_OATH.value),
            "token_page_enabled": _token_pages_enabled(),
        },
        status=status,
    )


class PhoneForm(forms.Form):
    phone_number = forms.CharField(
        max_length=32, error_messages={"required": gettext_lazy("Enter your phone number.")}
    )
    delivery = forms.ChoiceField(choices=PhoneMethod.Delivery.choices)

    def __init__(self, *args, allowed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = [
            c for c in PhoneMethod.Delivery.choices if c[0] in allowed
        ]

    def clean_phone_number(self) -> str:
        return method_services.phone_number_normalize(self.cleaned_data["phone_number"])


def _allowed_deliveries(user: User) -> list[str]:
    allowed = method_selectors.tenant_allowed_methods(tenant=user.tenant)
    return [
        d for d, m in ((PhoneMethod.Delivery.SMS, _A.SMS), (PhoneMethod.Delivery.VOICE, _A.VOICE))
        if m in allowed
    ]


@registration_gate
@require_http_methods(["GET", "POST"])
def register_phone(request: HttpRequest) -> HttpResponse:
    user = request.user
    allowed = _allowed_deliveries(user)
    wanted = request.POST.get("delivery") or request.GET.get("delivery") or "sms"
    if not allowed or (wanted in PhoneMethod.Delivery.values and wanted not in allowed):
        return _not_allowed(request, _A.VOICE if wanted == "voice" else _A.SMS)
    if method_selectors.user_phone(user=user) is not None:
        return HttpResponseRedirect(reverse("entra:security_info"))
    initial = {"delivery": wanted if wanted in allowed else allowed[0]}
    form = PhoneForm(request.POST or None, allowed=allowed, initial=initial)
    status = HTTPStatus.OK
    if request.method == "POST":
        status = HTTPStatus.BAD_REQUEST
        if form.is_valid():
            first = not selectors.user_has_entra_mfa_method(user=user)
            try:
                method_services.phone_register(
                    user=user, phone_number=form.cleaned_data["phone_number"],
                    delivery=form.cleaned_data["delivery"],
                )
            except ValidationError as error:
                form.add_error("phone_number", error)
            except method_services.MethodNotAllowed:
                return _not_allowed(request, _A.SMS)
            else:
                return _registered(request, first=first, kind="phone")
    current = _A.VOICE.value if initial["delivery"] == "voice" else _A.SMS.value
    return render(
        request, "entra/methods/register_phone.html",
        {
            "form": form, "next": safe_next(request),
            "choices": method_choices(request, current=current),
        },
        status=status,
    )


# --- verification -------------------------------------------------------------------------


def _verified(request: HttpRequest, record_type: str) -> HttpResponse:
    """MFA done: the record allauth's own forms leave (signin_state maps the type to amr),
    then allauth's re-authentication ending (the suspended request, or ``next``)."""
    record_authentication(request, request.user, "mfa", type=record_type, reauthenticated=True)
    response = resume_request(request)
    return response or HttpResponseRedirect(safe_next(request) or reverse("entra:security_info"))


def _verify_context(request: HttpRequest) -> dict:
    next_url = safe_next(request)
    ways = method_selectors.user_verification_ways(user=request.user)
    return {
        "next": next_url,
        "cancel_url": stepup_cancel_url(next_url),
        "other_ways_url": (
            _with_next(reverse("entra:mfa_other_ways"), next_url) if len(ways) > 1 else ""
        ),
    }


def _masked(number: str) -> str:
    return f"{number[:3]} {'•' * max(0, len(number) - 5)}{number[-2:]}"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify_phone(request: HttpRequest) -> HttpResponse:
    """"Text me a code" / "Call me", then the code from the phone."""
    user = request.user
    phone = method_selectors.user_phone(user=user)
    deliveries = method_selectors.user_phone_deliveries(user=user)
    if phone is None or not deliveries:
        return HttpResponseRedirect(_with_next(reverse("mfa_reauthenticate"), safe_next(request),
                                               method="code"))
    form = CodeForm(request.POST if "code" in request.POST else None)
    sent = request.GET.get("sent", "")
    status, error = HTTPStatus.OK, ""
    if request.method == "POST" and "channel" in request.POST:
        channel = request.POST["channel"]
        try:
            method_services.phone_code_send(
                user=user, channel=channel, session_secret=session_secret(request)
            )
        except method_services.MethodNotAllowed:
            status, error = HTTPStatus.BAD_REQUEST, _("Choose one of the ways offered.")
        except method_services.SendTooSoon:
            status = HTTPStatus.TOO_MANY_REQUESTS
            error = _("A code was sent a moment ago. Wait a little before asking for another.")
        else:
            return HttpResponseRedirect(
                _with_next(request.path, safe_next(request), sent=channel), status=303
            )
    elif request.method == "POST":
        status = HTTPStatus.BAD_REQUEST
        if form.is_valid():
            try:
                spent = method_services.phone_code_verify(
                    user=user, code=form.cleaned_data["code"],
                    session_secret=session_secret(request), request=request,
                )
            except failure_limits.TooManyFailures:
                form.add_error("code", _LOCKED)
                status = HTTPStatus.TOO_MANY_REQUESTS
            else:
                if spent is not None:
                    record = RECORD_VOICE if spent.channel == "voice" else RECORD_SMS
                    return _verified(request, record)
                form.add_error("code", _WRONG)
        # The code form stays on the page with its error.
        sent = request.POST.get("sent", "") or sent or deliveries[0]
    return render(
        request, "entra/methods/verify_phone.html",
        {
            **_verify_context(request), "form": form, "deliveries": deliveries,
            "number": _masked(phone.phone_number), "sent": sent if sent in deliveries else "",
            "error": error,
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify_oath(request: HttpRequest) -> HttpResponse:
    user = request.user
    token = method_selectors.user_oath_token(user=user)
    if token is None:
        return HttpResponseRedirect(_with_next(reverse("mfa_reauthenticate"), safe_next(request),
                                               method="code"))
    form = CodeForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST":
        status = HTTPStatus.BAD_REQUEST
        if form.is_valid():
            try:
                ok = method_services.oath_token_verify(
                    user=user, token=token, code=form.cleaned_data["code"], request=request
                )
            except failure_limits.TooManyFailures:
                form.add_error("code", _LOCKED)
                status = HTTPStatus.TOO_MANY_REQUESTS
            else:
                if ok:
                    return _verified(request, RECORD_HARDWARE_OATH)
                form.add_error("code", _WRONG)
    return render(
        request, "entra/methods/verify_oath.html",
        {**_verify_context(request), "form": form, "serial_number": token.serial_number},
        status=status,
    )


@login_required
@never_cache
@require_GET
def other_ways(request: HttpRequest) -> HttpResponse:
    """Entra's "Sign in another way": every method the user can answer with now."""
    next_url = safe_next(request)
    reauth, labels = reverse("mfa_reauthenticate"), {
        "app": (_("Approve a request on my Microsoft Authenticator app"), {}),
        "app_code": (_("Use a verification code from my app"), {"method": "code"}),
        "passkey": (_("Use a passkey or security key"), {}),
        "sms": (_("Text me a code"), {}),
        "voice": (_("Call me"), {}),
        "token": (_("Use a code from my hardware token"), {}),
        "recovery_code": (_("Use a recovery code"), {"method": "code"}),
    }
    pages = {
        "app": reauth, "app_code": reauth, "passkey": reverse("mfa_reauthenticate_webauthn"),
        "sms": reverse("entra:mfa_verify_phone"), "voice": reverse("entra:mfa_verify_phone"),
        "token": reverse("entra:mfa_verify_oath"), "recovery_code": reauth,
    }
    ways = method_selectors.user_verification_ways(user=request.user)
    if "app" in ways:
        ways.insert(ways.index("app") + 1, "app_code")
    if "app" in ways and "recovery_code" in ways:
        ways.remove("recovery_code")  # the app's code form takes recovery codes too
    entries = [
        {"key": w, "label": labels[w][0], "url": _with_next(pages[w], next_url, **labels[w][1])}
        for w in ways
    ]
    return render(
        request, "entra/methods/other_ways.html",
        {"ways": entries, "cancel_url": stepup_cancel_url(next_url)},
    )


def extra_method_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap the verification page: a user with neither app nor passkey verifies with the phone
    or token (``next`` kept), unless they chose a recovery code (``?method=code``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method == "GET"
            and request.user.is_authenticated
            and request.GET.get("method") != "code"
            and not selectors.user_has_totp(user=request.user)
            and not selectors.user_passkeys(user=request.user)
        ):
            extra = method_selectors.user_default_extra_method(user=request.user)
            if extra is not None:
                url = reverse("entra:mfa_verify_phone" if extra == "phone" else
                              "entra:mfa_verify_oath")
                query = request.GET.urlencode()
                return HttpResponseRedirect(f"{url}?{query}" if query else url)
        return view(request, *args, **kwargs)

    return wrapper


# --- removal on security info (Entra's rule: verify first) ---------------------------------


@require_POST
@login_required
@method_proof_required
def phone_remove(request: HttpRequest) -> HttpResponse:
    method_services.phone_remove(user=request.user)
    return HttpResponseRedirect(reverse("entra:security_info"), status=303)


@require_POST
@login_required
@method_proof_required
def oath_token_remove(request: HttpRequest, serial_number: str) -> HttpResponse:
    if not method_services.oath_token_remove(user=request.user, serial_number=serial_number):
        raise Http404("No such token.")
    return HttpResponseRedirect(reverse("entra:security_info"), status=303)


# --- the token's display (demo mode only, like the phone) ---------------------------------


def _token_pages_enabled() -> bool:
    from django.conf import settings

    return bool(settings.ENTRA["TRAINER_PAGES_ENABLED"])


def _token(serial_number: str):
    token = method_selectors.oath_token_get(serial_number=serial_number)
    if token is None:
        raise Http404("No such token.")
    return token


def _token_state(token) -> dict:
    import time

    now = time.time()
    return {
        "serial_number": token.serial_number,
        "code": method_services.oath_token_code(token=token, at=now),
        "expires_in": 30 - int(now % 30),
    }


@trainer_page
@require_GET
def token_display(request: HttpRequest, serial_number: str) -> HttpResponse:
    """The token on the desk: press the button, read the code (no sign-in: it stands for the
    object in the user's hand, which is why it exists in demo mode only)."""
    token = _token(serial_number)
    return render(
        request, "entra/methods/token.html",
        {"token": token, "pressed": "press" in request.GET, **_token_state(token),
         "state_url": reverse("entra:oath_token_state", args=[token.serial_number])},
    )


@trainer_page
@require_GET
def token_state(request: HttpRequest, serial_number: str) -> JsonResponse:
    return JsonResponse(_token_state(_token(serial_number)))
