"""``request.identity``: who is signed in, as the verified ID-token claims describe them.

Why a middleware of its own: like ``django.contrib.auth``'s ``AuthenticationMiddleware`` for
``request.user``, one place attaches the identity and everything after it (the access policy,
views, templates, the sign-in views) reads the attribute instead of knowing where the claims
are kept in the session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from accounts.conf import ConfigurationError
from accounts.identity import identity_from_session


class IdentityMiddleware:
    """Sets ``request.identity``: an ``accounts.identity.PartnerIdentity``, or None.

    Needs the session and ``request.user``, so it goes after ``SessionMiddleware`` and
    ``AuthenticationMiddleware``. The identity is read eagerly, not lazily as ``request.user``
    is: None means signed out, and a lazy proxy of None would not be ``None``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not hasattr(request, "user"):
            raise ImproperlyConfigured(
                "accounts.middleware.IdentityMiddleware needs "
                "django.contrib.auth.middleware.AuthenticationMiddleware before it."
            )
        try:
            request.identity = identity_from_session(request)
        except ConfigurationError as exc:
            # What counts as MFA is unusable (OIDC_MFA_CLAIM, OIDC_STEPUP): no page of a
            # signed-in user can be answered truthfully, and each would otherwise be a 500.
            from accounts.views import configuration_error

            request.identity = None
            return configuration_error(request, exc)
        return self.get_response(request)
