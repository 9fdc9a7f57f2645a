"""The allauth pages Wingtip AD FS serves, by name: everything else of allauth is a 404.

Sign-in, sign-out, the password again (``prompt=login``) and MFA at sign-in and on a client's
request. AD FS has no sign-up, e-mail, password reset or method management pages: its users
and their authenticator apps come from Wingtip's directory (here: the seed).
"""

from __future__ import annotations

from adfs.views.account import sign_in
from config.idpkit.allauth_urls import allauth_pages

urlpatterns = allauth_pages(
    [
        "account_login",
        "account_logout",
        "account_inactive",
        "account_reauthenticate",
        "mfa_authenticate",
        "mfa_reauthenticate",
    ],
    views={"account_login": sign_in},
)
