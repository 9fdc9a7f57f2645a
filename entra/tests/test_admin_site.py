"""Django's admin, when a deployment turns it on: only behind the IdP's sign-in and MFA."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib import admin
from django.urls import include, path

from entra import services
from entra.models import User

pytestmark = [pytest.mark.security, pytest.mark.urls(__name__)]

# The IdP's URLs with the admin mounted, as IDP_ADMIN_ENABLED=true does.
urlpatterns = [path("admin/", admin.site.urls), path("", include("config.urls_idp"))]

UPN = "operator@contoso.com"
PASSWORD = "Passw0rd!Demo"


@pytest.fixture
def staff(directory) -> User:
    return User.objects.create_superuser(UPN, PASSWORD)


def _sign_in(client) -> None:
    assert client.post("/accounts/login/", {"login": UPN, "password": PASSWORD}).status_code == 302


def test_the_admin_login_form_is_the_idps_sign_in(client, staff):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    # Django's own form would log in on this POST; the IdP's sign-in page does not take it.
    client.post("/admin/login/", {"username": UPN, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_staff_with_a_password_only_is_sent_to_verify(client, staff):
    services.totp_register(user=staff, secret=services.demo_totp_secret(UPN))
    _sign_in(client)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/reauthenticate/")


def test_staff_without_a_method_is_refused(client, staff):
    _sign_in(client)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert b'data-testid="admin-needs-mfa"' in response.content


def test_staff_who_did_mfa_gets_in(client, staff):
    services.totp_register(user=staff, secret=services.demo_totp_secret(UPN))
    _sign_in(client)
    code = pyotp.TOTP(services.demo_totp_secret(UPN)).now()
    client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert client.get("/admin/").status_code == 200


def test_an_ordinary_user_is_refused(client, directory):
    client.post("/accounts/login/", {"login": "john@fabrikam.com", "password": PASSWORD})
    assert client.get("/admin/login/").status_code == 403
