"""Who may see or change a user's security info (MFA methods, recovery codes): Entra's rule.

A user who has a verification method must use it (MFA within the re-authentication timeout)
before seeing or changing any method; only a user with no method may register one with the
password alone (or, for a federated user, the federated sign-in). allauth lets a recent
*password* unlock its MFA pages, so a password-only session could read the recovery codes and
then pass a client's step-up with one of them: every MFA management page is wrapped in
``method_proof_required``, and the account adapter's re-authentication waiver asks the same
question (``security_info_unlocked``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from config.idpkit.allauth_internals import get_authentication_records
from entra import third_party_mfa
from entra.internal.signin_state import signin_state

_REGISTERED_AT_SESSION_KEY = "entra_security_info_registered_at"
_FIRST_FACTORS = frozenset({"password", "socialaccount"})


def has_method(user) -> bool:
    from entra.methods.selectors import user_has_other_entra_method

    return Authenticator.objects.filter(user=user).exists() or user_has_other_entra_method(
        user=user
    )


def _recent(timestamp: float) -> bool:
    return time.time() - timestamp < account_settings.REAUTHENTICATION_TIMEOUT


def method_recently_verified(request: HttpRequest) -> bool:
    """This sign-in includes an MFA step younger than the re-authentication timeout."""
    state = signin_state(request, request.user)
    return state.mfa_at is not None and _recent(state.mfa_at.timestamp())


def security_info_unlocked(request: HttpRequest) -> bool:
    """Entra's rule: a recent MFA for a user with a method, a recent password for one without."""
    user = request.user
    if not user.is_authenticated:
        return False
    if has_method(user):
        return method_recently_verified(request)
    # No method yet: a recent first-factor sign-in, here or at a federated IdP, lets the user
    # register one (Entra's registration interrupt).
    records = get_authentication_records(request, user)
    return any(r.get("method") in _FIRST_FACTORS and _recent(r["at"]) for r in records)


def note_registration(request: HttpRequest) -> None:
    """This session has just registered a method: it may see that method's recovery codes once
    (verification with the new method comes right after, as in Entra's registration interrupt)."""
    request.session[_REGISTERED_AT_SESSION_KEY] = timezone.now().timestamp()


def just_registered(request: HttpRequest) -> bool:
    registered_at = request.session.get(_REGISTERED_AT_SESSION_KEY)
    return isinstance(registered_at, float) and _recent(registered_at)


def verify_first(request: HttpRequest, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")


def method_proof_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an MFA management view: a user with a method verifies it first, then comes back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if user.is_authenticated and third_party_mfa.uses_third_party_mfa(user):
            # The tenant's MFA is a third party's: Entra offers no methods of its own to manage.
            return HttpResponseRedirect(reverse("entra:security_info"))
        if user.is_authenticated and has_method(user) and not method_recently_verified(request):
            # A POST is not replayed after verification: the user lands on the page and asks
            # again, knowingly.
            return verify_first(request, request.path)
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # methods and recovery codes stay out of caches
        return response

    return wrapper
