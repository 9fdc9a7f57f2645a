"""The allauth pages the mock Entra ID serves, by name: everything else of allauth is a 404.

An allowlist rather than ``include("allauth.urls")``: allauth also mounts sign-up, e-mail
management, password reset and change, login by code and more, none of which Entra's sign-in
has (users come from the directory, and there is no mail server), and an upgrade may add pages.
The MFA management pages stay, behind Entra's rule for security info
(``entra.security_info_access``).
"""

from __future__ import annotations

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from django.urls import path

from entra.models import AuthenticationMethod
from entra.security_info_access import method_proof_required
from entra.views import federation as federation_views
from entra.views import methods as method_views
from entra.views import passkeys as passkey_views
from entra.views import push as push_views

# Managing methods: a user who has one proves it first.
_METHOD_MANAGEMENT = [
    ("2fa/", mfa_views.index, "mfa_index"),
    (
        "2fa/totp/activate/",
        method_views.method_allowed(AuthenticationMethod.MICROSOFT_AUTHENTICATOR)(
            totp_views.activate_totp
        ),
        "mfa_activate_totp",
    ),
    ("2fa/totp/deactivate/", totp_views.deactivate_totp, "mfa_deactivate_totp"),
    ("2fa/recovery-codes/", recovery_code_views.view_recovery_codes, "mfa_view_recovery_codes"),
    (
        "2fa/recovery-codes/generate/",
        recovery_code_views.generate_recovery_codes,
        "mfa_generate_recovery_codes",
    ),
    (
        "2fa/recovery-codes/download/",
        recovery_code_views.download_recovery_codes,
        "mfa_download_recovery_codes",
    ),
    # Passkeys and security keys (WebAuthn): allauth's views, continuing Entra's journeys.
    (
        "2fa/webauthn/add/",
        method_views.method_allowed(AuthenticationMethod.FIDO2)(passkey_views.add_passkey),
        "mfa_add_webauthn",
    ),
    ("2fa/webauthn/keys/<int:pk>/remove/", passkey_views.remove_passkey, "mfa_remove_webauthn"),
]

urlpatterns = [
    # The sign-in page, with home-realm discovery for federated domains.
    path("login/", federation_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    # prompt=login and max_age: the password again.
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    # MFA at sign-in (tenant policy) and at a client's step-up: allauth's pages, push first
    # for a user with push (entra/views/push.py).
    path("2fa/authenticate/", push_views.authenticate, name="mfa_authenticate"),
    # A user whose only method is a passkey goes on to the passkey prompt.
    # A user with only a phone or a hardware token goes on to its page (entra/views/methods.py).
    path(
        "2fa/reauthenticate/",
        method_views.extra_method_first(passkey_views.passkey_first(push_views.reauthenticate)),
        name="mfa_reauthenticate",
    ),
    path(
        "2fa/webauthn/reauthenticate/",
        passkey_views.reauthenticate_passkey,
        name="mfa_reauthenticate_webauthn",
    ),
    # A federated domain's IdP answers here (allauth reverses these names).
    path(
        "oidc/<str:provider_id>/login/callback/",
        federation_views.callback,
        name="openid_connect_callback",
    ),
    path(
        "3rdparty/login/cancelled/",
        federation_views.cancelled,
        name="socialaccount_login_cancelled",
    ),
    *(
        path(route, method_proof_required(view), name=name)
        for route, view, name in _METHOD_MANAGEMENT
    ),
]
