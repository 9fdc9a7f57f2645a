"""Signal receivers of the mock Entra ID."""

from __future__ import annotations

from allauth.mfa.base.internal.flows import delete_and_cleanup
from allauth.mfa.models import Authenticator
from django.test import RequestFactory

from entra.models import User
from entra.push import selectors as push_selectors


def test_removing_the_authenticator_app_s_codes_removes_its_push(directory):
    """allauth's own removal (what its "deactivate TOTP" page runs) takes push along: the app
    is gone, so no sign-in request may reach it any more."""
    user = User.objects.get(email="alejandra@contoso.com")
    request = RequestFactory().post("/accounts/2fa/totp/deactivate/")
    request.user = user
    delete_and_cleanup(request, Authenticator.objects.get(user=user, type="totp"))
    assert not push_selectors.user_has_push(user=user)
