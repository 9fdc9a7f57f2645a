"""The trainer's page of Wingtip AD FS: each user's "MFA is not required" switch, live.

With it a trainer shows that Entra ID's three ``federatedIdpMfaBehavior`` modes differ: a user
AD FS exempts from MFA arrives at Entra with ``amr`` = ``pwd`` unless Entra asks AD FS for MFA
(``enforceMfaByFederatedIdp``). On when the QA API is (demo mode); it asks for the QA token
when one is configured, as the API does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from adfs import selectors, services
from config.idpkit.qa_api import qa_token_valid

_SKIP_CHOICES = {"true": True, "false": False}


def trainer_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # It shows authenticator secrets and flips MFA off without signing in: demo mode only,
        # never on in production, whatever the QA API's switch says.
        if not (settings.DEMO and settings.ADFS["QA_API_ENABLED"]):
            raise Http404("The trainer's page is off.")
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _user_rows() -> list[dict]:
    adapter = get_mfa_adapter()
    rows = []
    for user in selectors.user_list():
        authenticator = selectors.user_totp(user=user)
        secret = decrypt(authenticator.data["secret"]) if authenticator else None
        rows.append({
            "user": user,
            "secret": secret,
            "qr_svg": adapter.build_totp_svg(adapter.build_totp_url(user, secret))
            if secret else None,
        })
    return rows


@trainer_page
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    return render(
        request, "adfs/trainer_users.html",
        {"rows": _user_rows(), "token_required": bool(settings.ADFS["QA_API_TOKEN"])},
    )


@trainer_page
@require_POST
def user_mfa(request: HttpRequest, upn: str) -> HttpResponse:
    back = HttpResponseRedirect(reverse("adfs:trainer_users"), status=303)
    user = selectors.user_get_by_upn(upn=upn)
    if user is None:
        raise Http404("No such user.")
    if not qa_token_valid(request.POST.get("qa_token", ""), settings.ADFS["QA_API_TOKEN"]):
        messages.error(request, _("The QA token is wrong; nothing was changed."))
        return back
    skip = _SKIP_CHOICES.get(request.POST.get("skip", ""))
    if skip is None:
        messages.error(request, _("Choose whether MFA is required for this user."))
        return back
    services.user_skip_mfa_set(user=user, skip=skip)
    if skip:
        text = _("%(upn)s: MFA is not required any more. The next sign-in asks for the password "
                 "only, unless Entra ID asks for MFA.")
    else:
        text = _("%(upn)s: MFA is required again. The next sign-in asks for the code.")
    messages.success(request, text % {"upn": user.email})
    return back
