"""The simulated phone page (``entra.views.phone``): demo mode only, live codes, push requests
answered with number matching through CSRF-protected forms, bad input refused with a 4xx."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from entra.models import PushChallenge, User
from entra.push import services as push_services

ALEJANDRA = "alejandra@contoso.com"
SESSION = "s" * 43


@pytest.fixture
def alejandra(directory) -> User:
    return User.objects.get(email=ALEJANDRA)


@pytest.fixture
def pending(alejandra) -> PushChallenge:
    return push_services.push_challenge_create(
        user=alejandra, session_secret=SESSION, client_name="Partner Center portal",
        request=RequestFactory().get("/", REMOTE_ADDR="192.0.2.7"),
    )


@pytest.fixture
def trainer_pages(settings):
    settings.ENTRA = {**settings.ENTRA, "TRAINER_PAGES_ENABLED": True}


def _approve(client: Client, challenge: PushChallenge, number) -> object:
    return client.post(
        f"/phone/{ALEJANDRA}/requests/{challenge.id}/approve", {"number": number}
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/phone/alejandra@contoso.com/"),
        ("get", "/phone/alejandra@contoso.com/state"),
        ("post", "/phone/alejandra@contoso.com/requests/{id}/approve"),
        ("post", "/phone/alejandra@contoso.com/requests/{id}/deny"),
    ],
)
def test_the_phone_is_a_404_outside_demo_mode(client, settings, pending, method, path):
    settings.ENTRA = {**settings.ENTRA, "TRAINER_PAGES_ENABLED": False}
    response = getattr(client, method)(path.format(id=pending.id), {"number": pending.number})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == PushChallenge.Status.PENDING


def test_the_phone_shows_the_live_code_and_the_pending_request(client, trainer_pages, pending):
    page = client.get(f"/phone/{ALEJANDRA}/")
    assert page.status_code == 200
    html = page.content.decode()
    code = re.search(r'data-testid="phone-totp-code">(\d{6})<', html)
    assert code is not None
    assert 'data-testid="phone-totp-seconds"' in html
    assert 'data-testid="push-request"' in html
    assert "Enter the number shown to sign in" in html
    assert "Partner Center portal" in html
    # The number is typed by the user, never shown on the phone.
    assert f'value="{pending.number}"' not in html
    state = client.get(f"/phone/{ALEJANDRA}/state").json()
    assert state["accounts"][0]["code"] == code.group(1)
    assert [r["id"] for r in state["requests"]] == [str(pending.id)]
    assert "number" not in state["requests"][0]


def test_a_user_without_an_app_is_told_how_to_register(client, trainer_pages, directory):
    page = client.get("/phone/john@fabrikam.com/")
    assert page.status_code == 200
    assert 'data-testid="phone-no-app"' in page.content.decode()
    assert client.get("/phone/john@fabrikam.com/state").json()["accounts"] == []


def test_prashob_s_phone_shows_his_wingtip_adfs_code(client, trainer_pages, federation):
    """Journey 2: his authenticator is the federated IdP's; the phone shows its live code."""
    before = federation.totp("prashob@wingtip.com")  # AD FS's own QA API
    accounts = client.get("/phone/prashob@wingtip.com/state").json()["accounts"]
    assert [a["app"] for a in accounts] == ["Wingtip AD FS"]
    assert accounts[0]["code"] in {before, federation.totp("prashob@wingtip.com")}
    assert 'data-testid="phone-no-app"' not in client.get(
        "/phone/prashob@wingtip.com/"
    ).content.decode()


def test_prashob_s_phone_without_wingtip_adfs_shows_no_app(client, trainer_pages, directory,
                                                          settings):
    settings.ADFS_BASE_URL = "http://127.0.0.1:9"
    page = client.get("/phone/prashob@wingtip.com/")
    assert page.status_code == 200
    assert 'data-testid="phone-no-app"' in page.content.decode()


def test_unknown_user_is_a_404(client, trainer_pages, directory):
    assert client.get("/phone/nobody@contoso.com/").status_code == 404


def test_approve_with_the_right_number(client, trainer_pages, pending):
    response = _approve(client, pending, pending.number)
    assert response.status_code == 303
    pending.refresh_from_db()
    assert pending.status == PushChallenge.Status.APPROVED
    assert "Approved" in client.get(response["Location"]).content.decode()


def test_deny(client, trainer_pages, pending):
    response = client.post(f"/phone/{ALEJANDRA}/requests/{pending.id}/deny")
    assert response.status_code == 303
    pending.refresh_from_db()
    assert pending.status == PushChallenge.Status.DENIED


@pytest.mark.parametrize("number", ["", "abc", "7", "100", "1e1", "-42"])
def test_a_number_that_is_not_two_digits_is_a_400_and_the_request_stays(
    client, trainer_pages, pending, number
):
    response = _approve(client, pending, number)
    assert response.status_code == 400
    assert 'data-testid="phone-number-error"' in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == PushChallenge.Status.PENDING


def test_answering_twice_is_a_409(client, trainer_pages, pending):
    _approve(client, pending, pending.number)
    assert _approve(client, pending, pending.number).status_code == 409
    assert client.post(f"/phone/{ALEJANDRA}/requests/{pending.id}/deny").status_code == 409


@pytest.mark.parametrize("challenge_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_request_is_a_404(client, trainer_pages, pending, challenge_id):
    response = client.post(f"/phone/{ALEJANDRA}/requests/{challenge_id}/approve", {"number": 42})
    assert response.status_code == 404


def test_another_user_s_request_is_a_404(client, trainer_pages, pending):
    response = client.post(
        f"/phone/admin.agent@contoso.com/requests/{pending.id}/approve",
        {"number": pending.number},
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == PushChallenge.Status.PENDING


def test_approve_and_deny_need_the_csrf_token(trainer_pages, pending):
    browser = Client(enforce_csrf_checks=True)
    assert _approve(browser, pending, pending.number).status_code == 403
    assert browser.post(f"/phone/{ALEJANDRA}/requests/{pending.id}/deny").status_code == 403
    pending.refresh_from_db()
    assert pending.status == PushChallenge.Status.PENDING
    # With the token the page's form carries, the same post goes through.
    page = browser.get(f"/phone/{ALEJANDRA}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        f"/phone/{ALEJANDRA}/requests/{pending.id}/approve",
        {"number": pending.number, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 303


def test_get_only_and_post_only(client, trainer_pages, pending):
    assert client.post(f"/phone/{ALEJANDRA}/").status_code == 405
    assert client.get(f"/phone/{ALEJANDRA}/requests/{pending.id}/approve").status_code == 405


def test_the_trainer_page_links_every_persona_s_phone(client, trainer_pages, directory):
    html = client.get("/trainer/tenants/").content.decode()
    assert 'data-testid="phone-link-alejandra@contoso.com"' in html
    assert 'href="/phone/alejandra@contoso.com/"' in html


def test_the_persona_reset_puts_push_back_to_seeded(client, trainer_pages, alejandra, pending):
    push_services.push_registrations_delete(user=alejandra)
    assert client.post(
        f"/qa/users/{ALEJANDRA}/reset", data="{}", content_type="application/json"
    ).status_code == 200
    assert alejandra.push_registrations.count() == 1
    assert not PushChallenge.objects.filter(user=alejandra).exists()


def test_the_directory_reset_puts_push_back_to_seeded(client, alejandra, pending):
    assert client.post("/qa/reset", data="{}", content_type="application/json").status_code == 200
    user = User.objects.get(email=ALEJANDRA)
    assert user.push_registrations.count() == 1
    assert not PushChallenge.objects.exists()


def test_the_phone_speaks_korean(client, trainer_pages, pending):
    html = client.get(f"/phone/{ALEJANDRA}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '<html lang="ko">' in html
    assert "로그인하려면 표시된 숫자를 입력하세요" in html
    for english in ("Enter the number shown to sign in", "Approve sign-in?", "Deny<"):
        assert english not in html
    empty = client.get("/phone/john@fabrikam.com/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "이 휴대폰에 계정이 없습니다" in empty
