"""Signal receivers of the mock Entra ID."""

from __future__ import annotations

from allauth.account.signals import user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from entra import federation
from entra.push import services as push_services


@receiver(user_logged_in)
def record_federated_mfa(sender, request, user, sociallogin=None, **kwargs) -> None:
    """A federated sign-in: note beside allauth's own record what the IdP said about MFA."""
    if sociallogin is None:
        return
    federation.record_sign_in(
        request, user,
        id_token=sociallogin.account.extra_data.get("id_token") or {},
        state_data=sociallogin.state.get("data") or {},
    )


@receiver(authenticator_removed)
def remove_push_with_the_app(sender, request, user, authenticator, **kwargs) -> None:
    """Removing the authenticator app's codes removes the app: its push approvals go too."""
    if authenticator.type == Authenticator.Type.TOTP:
        push_services.push_registrations_delete(user=user)
