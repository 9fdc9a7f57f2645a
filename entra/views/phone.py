"""The simulated phone: one user's authenticator app, in a browser window (demo mode only).

Like the trainer's page (``entra.views.trainer``), it needs no sign-in: it stands for the phone
in the user's pocket, which a trainer puts on the projector. So it exists only where
``ENTRA["TRAINER_PAGES_ENABLED"]`` (demo mode) and is a 404 everywhere else.

It shows the live TOTP code of every app the user registered and the pending push requests
with number matching; ``phone_state`` is the same as JSON, polled by ``phone.js``. Approve and
Deny are plain forms (CSRF-protected) that work without script.
"""

from __future__ import annotations

import uuid
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.idpkit.qa_api import totp_codes, totp_codes_for_secret
from entra import federation, selectors, third_party_mfa
from entra.methods import selectors as method_selectors
from entra.models import PhoneMethod, User
from entra.push import APP_NAME
from entra.push import selectors as push_selectors
from entra.push import services as push_services
from entra.views.trainer import trainer_page


class NumberForm(forms.Form):
    number = forms.IntegerField(
        min_value=10, max_value=99,
        error_messages={
            "required": gettext_lazy("Enter the number shown to sign in."),
            "invalid": gettext_lazy("Enter the two-digit number shown to sign in."),
            "min_value": gettext_lazy("Enter the two-digit number shown to sign in."),
            "max_value": gettext_lazy("Enter the two-digit number shown to sign in."),
        },
    )


def _user(upn: str) -> User:
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        raise Http404("No such user.")
    return user


def _accounts(user: User) -> list[dict]:
    """Every app on this phone that holds an account of the user, with its current code."""
    accounts = []
    authenticator = selectors.user_totp(user=user)
    if authenticator is not None:
        codes = totp_codes(upn=user.email, authenticator=authenticator)
        accounts.append({
            "app": APP_NAME, "issuer": "Mock Entra ID", "upn": user.email,
            "code": codes["code"], "expires_in": codes["expires_in"], "period": codes["period"],
            "push": push_selectors.user_has_push(user=user),
        })
    tenant = user.tenant
    if authenticator is None and tenant is not None and tenant.is_federated:
        accounts.extend(_federated_accounts(user))
    if third_party_mfa.uses_third_party_mfa(user):
        # Journey 4: the tenant's own MFA product's app, on the same phone.
        codes = totp_codes_for_secret(upn=user.email, secret=third_party_mfa.secret(user))
        accounts.append({
            "app": third_party_mfa.PRODUCT, "issuer": third_party_mfa.PRODUCT,
            "upn": user.email, "code": codes["code"], "expires_in": codes["expires_in"],
            "period": codes["period"], "push": False,
        })
    return accounts


def _federated_accounts(user: User) -> list[dict]:
    """Journey 2: the user's authenticator is the federated IdP's (Wingtip AD FS), on the same
    phone; its codes come from that IdP's QA API. Nothing when it does not answer (the phone
    then shows what Entra has)."""
    try:
        status, codes = federation.federated_totp_codes(upn=user.email, timeout=2)
    except federation.FederatedIdpUnavailable:
        return []
    if status != HTTPStatus.OK or not isinstance(codes, dict) or "code" not in codes:
        return []
    idp_name = str(codes.get("issuer") or user.tenant.name)
    return [{
        "app": idp_name, "issuer": idp_name, "upn": user.email, "code": codes["code"],
        "expires_in": codes.get("expires_in", 0), "period": codes.get("period", 30),
        "push": False,
    }]


def _requests(user: User) -> list[dict]:
    return [
        {
            "id": str(view.id),
            "app": APP_NAME,
            "client": view.challenge.client_name,
            "upn": user.email,
            "expires_in": view.expires_in,
            "approve_url": reverse("entra:phone_approve", args=[user.email, view.id]),
            "deny_url": reverse("entra:phone_deny", args=[user.email, view.id]),
        }
        for view in push_selectors.push_challenges_pending(user=user)
    ]


def _inbox(user: User) -> list[dict]:
    """Text messages and calls with a code (entra.methods), newest first, as the phone shows
    them: the sender and the words, as Entra's say them."""
    items = []
    for sent in method_selectors.phone_inbox(user=user):
        if sent.channel == PhoneMethod.Delivery.VOICE:
            text = _("Microsoft call: your verification code is %(code)s.") % {
                "code": " ".join(sent.code)
            }
        else:
            text = _("Use verification code %(code)s for Microsoft authentication.") % {
                "code": sent.code
            }
        items.append({
            "id": sent.pk, "channel": sent.channel, "number": sent.phone_number,
            "code": sent.code, "text": text, "at": sent.created_at.isoformat(),
            "kind": _("Incoming call") if sent.channel == "voice" else _("Text message"),
        })
    return items


def _render(
    request: HttpRequest, user: User, *, status: int = HTTPStatus.OK,
    form_errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return render(
        request, "entra/phone/phone.html",
        {
            "phone_user": user,
            "accounts": _accounts(user),
            "requests": _requests(user),
            "inbox": _inbox(user),
            "form_errors": form_errors or {},
            "state_url": reverse("entra:phone_state", args=[user.email]),
        },
        status=status,
    )


@trainer_page
@require_GET
def phone(request: HttpRequest, upn: str) -> HttpResponse:
    return _render(request, _user(upn))


@trainer_page
@require_GET
def phone_state(request: HttpRequest, upn: str) -> JsonResponse:
    user = _user(upn)
    return JsonResponse(
        {
            "upn": user.email, "accounts": _accounts(user), "requests": _requests(user),
            "messages": _inbox(user),
        }
    )


def _challenge_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404("No such request.") from None


def _answered(request: HttpRequest, user: User, answer: push_services.Answer) -> HttpResponse:
    Answer = push_services.Answer
    if answer is Answer.NOT_PENDING:
        messages.error(request, _("That request was already answered or has expired."))
        return _render(request, user, status=HTTPStatus.CONFLICT)
    if answer is Answer.TOO_MANY_FAILURES:
        messages.error(request, _("Too many failed attempts. Try again later."))
        return _render(request, user, status=HTTPStatus.TOO_MANY_REQUESTS)
    if answer is Answer.APPROVED:
        messages.success(request, _("Approved. The sign-in continues in the browser."))
    elif answer is Answer.WRONG_NUMBER:
        messages.error(request, _("That number did not match: the request was denied."))
    else:
        messages.info(request, _("Denied. The sign-in was not approved."))
    return HttpResponseRedirect(reverse("entra:phone", args=[user.email]), status=303)


@trainer_page
@require_POST
def phone_approve(request: HttpRequest, upn: str, challenge_id: str) -> HttpResponse:
    user = _user(upn)
    key = _challenge_id(challenge_id)
    if push_selectors.push_challenge_get(user=user, challenge_id=key) is None:
        raise Http404("No such request.")
    form = NumberForm(request.POST)
    if not form.is_valid():
        # Not a number at all: a typing slip, not an answer; the request stays pending.
        return _render(
            request, user, status=HTTPStatus.BAD_REQUEST,
            form_errors={str(key): form.errors["number"]},
        )
    answer = push_services.push_challenge_approve(
        user=user, challenge_id=key, number=form.cleaned_data["number"], request=request
    )
    return _answered(request, user, answer)


@trainer_page
@require_POST
def phone_deny(request: HttpRequest, upn: str, challenge_id: str) -> HttpResponse:
    user = _user(upn)
    key = _challenge_id(challenge_id)
    if push_selectors.push_challenge_get(user=user, challenge_id=key) is None:
        raise Http404("No such request.")
    answer = push_services.push_challenge_deny(user=user, challenge_id=key, request=request)
    return _answered(request, user, answer)
