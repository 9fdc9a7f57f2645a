"""Only the allauth pages AD FS's sign-in needs are served; the rest answer 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from adfs.models import User
from config.idpkit.allauth_urls import allauth_pages

NOT_SERVED = [
    "/accounts/signup/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/reset/",
    "/accounts/login/code/confirm/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/totp/deactivate/",
    "/admin/",
]


@pytest.mark.parametrize("path", NOT_SERVED)
@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_pages_ad_fs_does_not_have_answer_404(client, directory, path, signed_in):
    if signed_in:
        client.force_login(User.objects.get(email="prashob@wingtip.com"))
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "x@wingtip.com", "password1": "pw"}).status_code == 404


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/reauthenticate/", "/accounts/2fa/reauthenticate/"]
)
def test_the_pages_sign_in_needs_are_served(client, directory, path):
    if path != "/accounts/login/":
        client.force_login(User.objects.get(email="prashob@wingtip.com"))
    assert client.get(path).status_code == 200


def test_an_unknown_page_name_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="account_nonexistent"):
        allauth_pages(["account_login", "account_nonexistent"])
    with pytest.raises(ImproperlyConfigured, match="account_signup"):
        allauth_pages(["account_login"], views={"account_signup": lambda request: None})
