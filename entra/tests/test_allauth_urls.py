"""Only the allauth pages Entra's sign-in has are served; the rest are 404 for everyone."""

from __future__ import annotations

import pytest

from entra.models import User

pytestmark = pytest.mark.security

NOT_SERVED = [
    "/accounts/signup/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/done/",
    "/accounts/login/code/confirm/",
    "/admin/",
    "/admin/login/",
]


@pytest.mark.parametrize("path", NOT_SERVED)
@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_pages_the_simulator_does_not_need_answer_404(client, directory, path, signed_in):
    if signed_in:
        client.force_login(User.objects.get(email="john@fabrikam.com"))
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "x@contoso.com", "password1": "pw"}).status_code == 404


def test_sign_up_creates_nobody(client, directory):
    client.post("/accounts/signup/", {"email": "x@contoso.com", "password1": "Passw0rd!Demo"})
    assert not User.objects.filter(email="x@contoso.com").exists()


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/reauthenticate/", "/accounts/2fa/reauthenticate/"]
)
def test_the_pages_sign_in_needs_are_served(client, directory, path):
    if path != "/accounts/login/":
        client.force_login(User.objects.get(email="alejandra@contoso.com"))
    assert client.get(path).status_code in (200, 302)
