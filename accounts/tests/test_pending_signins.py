"""Pending sign-ins, one signed cookie per ``state``: what the browser keeps between the start
and the callback, and how the callback treats cookies that are missing, forged or stale.

In-process with Django's test client: the provider is only named (its discovery is stubbed),
since none of these answers reaches its token endpoint. The full round trip against the mock
IdP is in test_relying_party.py.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.crypto import get_random_string

from accounts import pending_signins
from accounts.pending_signins import COOKIE_PREFIX, MAX_PENDING, PENDING_LIFETIME
from accounts.provider import ProviderMetadata

pytestmark = [pytest.mark.django_db, pytest.mark.security]

IDP = "https://login.example"
UNKNOWN = "does not match a sign-in started in this browser"


@pytest.fixture(autouse=True)
def _provider(monkeypatch):
    metadata = ProviderMetadata(
        issuer=IDP,
        authorization_endpoint=f"{IDP}/authorize",
        token_endpoint=f"{IDP}/token",
        jwks_uri=f"{IDP}/jwks",
    )
    monkeypatch.setattr("accounts.views.provider_metadata", lambda: metadata)


def start(client, next_url: str = "/dashboard/home") -> str:
    """Start a sign-in; the state it sent to the provider."""
    response = client.get("/oidc/authenticate/", {"next": next_url})
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)["state"][0]


def cancel(client, state: str):
    """The provider's answer when the user presses Cancel (needs no token endpoint)."""
    return client.get("/oidc/callback/", {"error": "access_denied", "state": state})


def live_pending(client) -> dict[str, str]:
    return {
        name: morsel.value
        for name, morsel in client.cookies.items()
        if name.startswith(COOKIE_PREFIX) and morsel.value
    }


def test_a_start_sets_a_cookie_for_the_callback_only_and_writes_no_session(client):
    response = client.get("/oidc/authenticate/", {"next": "/billing/"})
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    cookie = response.cookies[COOKIE_PREFIX + state]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/oidc/"
    assert cookie["max-age"] == PENDING_LIFETIME
    # Nothing a concurrent start could overwrite.
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_a_pending_sign_in_answers_once(client):
    state = start(client)
    response = cancel(client, state)
    assert response.status_code == 401  # a first sign-in the user cancelled: said so
    assert response.cookies[COOKIE_PREFIX + state].value == ""  # deleted with the answer

    again = cancel(client, state)
    assert again.status_code == 400
    assert UNKNOWN in again.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda value: value[:-2] + ("AA" if not value.endswith("AA") else "BB"),  # signature
        lambda value: "e30" + value[3:],  # payload
        lambda value: "not-signed-at-all",
        lambda value: "",
    ],
)
def test_a_tampered_cookie_gets_the_400_page(client, tamper):
    state = start(client)
    name = COOKIE_PREFIX + state
    client.cookies[name] = tamper(client.cookies[name].value)
    response = client.get("/oidc/callback/", {"code": "abc", "state": state})
    assert response.status_code == 400
    assert UNKNOWN in response.content.decode()


def test_a_cookie_moved_to_another_states_name_is_refused(client):
    # The salt names the state: a cookie copied from one sign-in cannot answer another.
    mine = start(client)
    theirs = "A" * 32
    client.cookies[COOKIE_PREFIX + theirs] = client.cookies[COOKIE_PREFIX + mine].value
    response = cancel(client, theirs)
    assert response.status_code == 400
    assert UNKNOWN in response.content.decode()


def test_a_state_that_could_not_be_ours_is_refused_without_a_cookie_header(client):
    response = client.get("/oidc/callback/", {"code": "abc", "state": "x; Path=/"})
    assert response.status_code == 400
    assert not [name for name in response.cookies if name.startswith(COOKIE_PREFIX)]


def test_a_pending_sign_in_expires(client, monkeypatch):
    state = start(client)
    later = time.time() + PENDING_LIFETIME + 1
    monkeypatch.setattr(time, "time", lambda: later)  # the browser kept the cookie anyway
    response = cancel(client, state)
    assert response.status_code == 400
    assert "in the last 10 minutes" in response.content.decode()


def test_starting_more_than_the_cap_evicts_the_oldest(client):
    states = [start(client) for _ in range(MAX_PENDING)]
    response = client.get("/oidc/authenticate/")
    assert response.cookies[COOKIE_PREFIX + states[0]].value == ""
    assert len(live_pending(client)) == MAX_PENDING
    assert cancel(client, states[0]).status_code == 400
    assert cancel(client, states[1]).status_code == 401


def test_long_addresses_are_evicted_by_size_to_keep_the_header_small(client):
    for _ in range(MAX_PENDING):
        # Random, so that the cookie's compression cannot shrink it.
        start(client, "/commerce/customers/?q=" + get_random_string(1000))
    sizes = [len(name) + len(value) + 3 for name, value in live_pending(client).items()]
    assert 1 < len(sizes) < MAX_PENDING
    assert sum(sizes) <= pending_signins.PENDING_BYTES_BUDGET


def test_an_overlong_next_is_refused(client):
    too_long = "/commerce/customers/?q=" + "x" * pending_signins.MAX_NEXT_LENGTH
    response = client.get("/oidc/authenticate/", {"next": too_long})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_a_session_ended_by_another_tab_during_the_callback_gets_a_page(client, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    state = start(client)

    def ended_meanwhile(self, must_create: bool = False) -> None:
        # What saving finds when another request deleted the row after this one loaded it.
        raise UpdateError

    monkeypatch.setattr(SessionStore, "save", ended_meanwhile)
    response = client.get("/oidc/callback/", {"code": "abc", "state": state})
    assert response.status_code == 409
    assert "Another tab" in response.content.decode()
    assert response.cookies[COOKIE_PREFIX + state].value == ""
