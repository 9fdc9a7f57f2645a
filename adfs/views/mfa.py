"""Cancel at AD FS's MFA prompt: the client hears ``access_denied``, the OIDC way."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.idpkit.allauth_internals import clear_login, unstash_login
from config.idpkit.client_redirect import authorization_params, client_target, error_redirect


@require_POST
def mfa_cancel(request: HttpRequest) -> HttpResponse:
    """The user gave up on MFA, at sign-in (the password step is then dropped too) or at a
    client's request for MFA in a signed-in session (which stays signed in)."""
    pending = None if request.user.is_authenticated else unstash_login(request, peek=True)
    if pending is not None:
        next_url = pending.redirect_url
        clear_login(request)
    else:
        next_url = request.POST.get("next")
    params = authorization_params(next_url)
    target = client_target(params) if params is not None else None
    if target is None:
        # Not on the way to a client (or to one not registered): back to AD FS's own pages.
        return HttpResponseRedirect(
            reverse("adfs:home" if request.user.is_authenticated else "account_login")
        )
    return error_redirect(
        target, "access_denied",
        "The user did not complete multifactor authentication at Wingtip AD FS.",
    )
