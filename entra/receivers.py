"""Signal receivers of the mock Entra ID."""

from __future__ import annotations

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from entra import federation


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
