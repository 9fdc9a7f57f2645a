"""The scenario launcher: its page, Start (persona reset + fresh sign-in) and "Reset the demo"."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import translation

from portal import launcher
from portal.scenarios import SCENARIOS

IDS = [scenario.id for scenario in SCENARIOS]  # every landed scenario has a card


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.deactivate()


@pytest.fixture
def qa_calls(monkeypatch):
    """The QA API paths the portal called (the calls still go to the mock IdP)."""
    calls: list[str] = []
    real = launcher._post

    def spy(base_url: str, path: str, token: str) -> dict:
        calls.append(path)
        return real(base_url, path, token)

    monkeypatch.setattr(launcher, "_post", spy)
    return calls


def _signed_in(client: Client) -> bool:
    return client.get("/dashboard/home").status_code == 200


def test_launcher_lists_every_scenario_in_english(client, db):
    page = client.get("/launcher/").content.decode()
    assert 'data-testid="launcher"' in page
    assert 'data-testid="demo-reset"' in page
    assert IDS == [
        "journey1", "journey2", "journey3", "journey4", "issue3", "issue1", "issue2", "issue4",
        "issue5",
    ]
    for scenario_id in IDS:
        assert f'data-testid="scenario-{scenario_id}"' in page
        assert f'data-testid="scenario-start-{scenario_id}"' in page
    assert "svc.automation@fabrikam.com" in page
    assert "The Partner Center API" in page
    assert "Reset the demo" in page


def test_launcher_in_korean(client, db):
    page = client.get("/launcher/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "시나리오 실행기" in page
    assert "데모 초기화" in page
    assert "여정 1: 로그인 시 MFA" in page
    assert "Journey 1" not in page


def test_welcome_links_to_the_launcher(client, db):
    assert 'href="/launcher/" data-testid="launcher-link"' in client.get("/").content.decode()


def test_start_resets_the_persona_and_signs_in_fresh_as_it(client, sign_in, portal, qa_calls):
    sign_in()
    assert _signed_in(client)
    response = client.post("/launcher/journey1/start")
    assert qa_calls == ["/qa/users/alejandra%40contoso.com/reset"]
    assert not _signed_in(client)  # the portal session ended
    assert response.status_code == 302
    assert response["Location"].startswith("/oidc/authenticate/")
    authorize = client.get(response["Location"])
    assert authorize.status_code == 302
    params = parse_qs(urlsplit(authorize["Location"]).query)
    assert params["login_hint"] == ["alejandra@contoso.com"]
    assert params["prompt"] == ["login"]
    assert params["client_id"]  # the portal's own sign-in request, through accounts


def test_start_needs_csrf_and_a_known_scenario(db):
    assert Client(enforce_csrf_checks=True).post("/launcher/journey1/start").status_code == 403
    assert Client().post("/launcher/nope/start").status_code == 404
    assert Client().get("/launcher/journey1/start").status_code == 405


def test_reset_ends_every_portal_session(client, sign_in, portal, qa_calls):
    sign_in()
    assert _signed_in(client)
    response = client.post("/launcher/reset", follow=True)
    assert qa_calls == ["/qa/reset"]
    assert 'data-testid="demo-reset-done"' in response.content.decode()
    assert not _signed_in(client)


def test_reset_ends_sessions_of_other_browsers(sign_in, client, portal):
    sign_in()
    trainer = Client()
    trainer.post("/launcher/reset")
    assert not _signed_in(client)  # signed out though the reset came from another browser


def test_idp_down_is_a_503_page_and_nothing_changes(client, sign_in, settings):
    settings.IDP_QA_API_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    sign_in()
    for url in ("/launcher/reset", "/launcher/journey3/start"):
        response = client.post(url)
        assert response.status_code == 503
        assert 'data-testid="launcher-unavailable"' in response.content.decode()
    assert _signed_in(client)


def test_production_mode_shows_scenarios_without_buttons(client, db, settings):
    settings.SIMULATOR_MODE = "production"
    page = client.get("/launcher/").content.decode()
    assert 'data-testid="scenario-journey1"' in page
    assert "scenario-start-" not in page
    assert 'data-testid="demo-reset"' not in page
    assert client.post("/launcher/journey1/start").status_code == 404
    assert client.post("/launcher/reset").status_code == 404


def test_start_of_journey2_resets_prashob_at_wingtip_adfs_too(
    client, portal, mock_adfs, settings, qa_calls
):
    settings.ADFS_QA_API_URL = mock_adfs.url
    response = client.post("/launcher/journey2/start")
    assert response.status_code == 302
    assert qa_calls == [
        "/qa/users/prashob%40wingtip.com/reset",  # the mock Entra ID
        "/qa/users/prashob%40wingtip.com/reset",  # Wingtip AD FS, where his MFA happens
    ]


def test_adfs_down_at_the_start_of_journey2_is_a_503_page(client, sign_in, portal, settings):
    settings.ADFS_QA_API_URL = "http://127.0.0.1:9"
    sign_in()
    response = client.post("/launcher/journey2/start")
    assert response.status_code == 503
    assert _signed_in(client)  # the portal session is kept until the resets succeed


def test_each_card_links_the_persona_s_phone_at_the_idp_in_demo_mode(client, db, settings):
    settings.OIDC_AUTHORITY = "http://localhost:8001"
    page = client.get("/launcher/").content.decode()
    assert (
        'href="http://localhost:8001/phone/alejandra%40contoso.com/"' in page
    )
    for scenario_id in IDS:
        assert f'data-testid="scenario-phone-{scenario_id}"' in page
    settings.SIMULATOR_MODE = "production"
    assert 'data-testid="scenario-phone-' not in client.get("/launcher/").content.decode()


def test_signed_in_pages_link_to_the_launcher_and_the_trace(client, sign_in):
    # A trainer mid-demo gets back to the scenarios (and to "why was I asked?") in one click.
    sign_in()
    page = client.get("/dashboard/home").content.decode()
    assert 'href="/launcher/" data-testid="nav-launcher"' in page
    assert 'href="/trace/" data-testid="nav-trace"' in page


def test_service_management_cards_link_to_adatum_s_admin_center(client, db, settings):
    settings.ADMIN_CENTER_URL = "http://idp.example/manage/{tenant_id}/users/"
    page = client.get("/launcher/").content.decode()
    adatum = "http://idp.example/manage/bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05/users/"
    for scenario_id in ("journey2", "issue1", "issue2"):
        link = f'href="{adatum}" target="_blank" rel="noopener"'
        assert f'{link} data-testid="scenario-admin-center-{scenario_id}"' in page
    assert 'data-testid="scenario-admin-center-journey1"' not in page
