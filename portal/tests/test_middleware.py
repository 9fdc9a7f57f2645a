"""The access policy as a browser meets it: redirects, step-up and 403 pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.identity import STEPUP_DECLINED_SESSION_KEY, STEPUP_UNMET_SESSION_KEY


def _query(response) -> dict[str, list[str]]:
    return parse_qs(urlsplit(response["Location"]).query)


@pytest.mark.django_db
def test_signed_out_visit_goes_to_sign_in_and_remembers_the_page(client):
    response = client.get("/commerce/customers/?q=adatum")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/oidc/authenticate/"
    assert _query(response) == {"next": ["/commerce/customers/?q=adatum"]}


@pytest.mark.django_db
def test_signed_out_form_post_gets_a_401_page_not_a_redirect(client):
    response = client.post("/dashboard/v2/support/customers/new", {"title": "Help"})
    assert response.status_code == 401
    assert b'data-testid="signin-required"' in response.content


def test_password_only_session_is_stepped_up_before_the_role_check(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=False)  # Sales may not open billing at all
    response = client.get("/billing/")
    assert response.status_code == 302
    assert _query(response) == {"next": ["/billing/"], "stepup": ["mfa"]}


def test_wrong_role_after_mfa_gets_403_naming_the_allowed_roles(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=True)
    response = client.get("/billing/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="access-denied"' in body
    assert "Admin agent, Security administrator, Billing administrator" in body


def test_open_areas_need_no_mfa_and_no_role(client, sign_in):
    sign_in(roles=(), mfa=False)
    assert client.get("/dashboard/home").status_code == 200
    assert client.get("/dashboard/servicehealth").status_code == 200
    assert client.get("/dashboard/access").status_code == 200


def test_cancelled_step_up_is_explained_once_then_retried(client, sign_in):
    sign_in(mfa=False)
    session = client.session
    session[STEPUP_DECLINED_SESSION_KEY] = {"error": "access_denied", "description": "Nope"}
    session.save()
    response = client.get("/security/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="stepup-retry"' in body
    assert "access_denied" in body
    # Reloading the page is a retry: straight back to the IdP.
    assert client.get("/security/").status_code == 302


def test_token_still_without_mfa_after_step_up_does_not_loop(client, sign_in):
    sign_in(mfa=False)
    session = client.session
    session[STEPUP_UNMET_SESSION_KEY] = True
    session.save()
    for _ in range(2):
        response = client.get("/commerce/customers/")
        assert response.status_code == 403
        assert b"amr claim has no mfa" in response.content


def test_the_access_page_shows_the_matrix_and_its_provenance(client, sign_in):
    sign_in(roles=(), mfa=False)
    body = client.get("/dashboard/access").content.decode()
    assert body.count('data-role="AdminAgent"') == 4
    assert body.count('data-role="SecurityAdmin"') == 2
    assert "(3, 2, 3, 2)" in body
    assert "Global administrator" in body


def test_navigation_lists_every_area_even_the_closed_ones(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=False)
    body = client.get("/dashboard/home").content.decode()
    for namespace in ("overview", "servicehealth", "customers", "support", "billing", "security"):
        assert f'data-testid="nav-{namespace}"' in body


def test_form_posted_after_the_session_expired_saves_nothing(client, sign_in):
    from django.contrib.sessions.models import Session

    from conftest import CONTOSO_TENANT_ID
    from support.models import SupportRequest

    sign_in()
    before = SupportRequest.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID).count()
    Session.objects.all().delete()  # what expiry does to the server side of a session
    response = client.post(
        "/dashboard/v2/support/customers/new",
        {"customer": "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05", "title": "Mailbox migration",
         "description": "Mailboxes stopped syncing after the migration last night.",
         "severity": "B", "contact_email": "admin.agent@contoso.com"},
    )
    assert response.status_code == 401
    assert SupportRequest.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID).count() == before
    assert client.get("/dashboard/v2/support/customers/").status_code == 302  # sign in again


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.security
@pytest.mark.parametrize("path", ["/commerce/customers/", "/billing/", "/dashboard/home"])
def test_protected_pages_are_never_stored(client, sign_in, path):
    sign_in(roles=("AdminAgent",), mfa=True)
    response = client.get(path)
    assert response.status_code == 200
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.security
def test_every_answer_for_a_protected_page_is_never_stored(client, sign_in):
    # Redirects and refusals too: a cached one would be replayed after the session changed.
    assert _no_store(client.get("/dashboard/home"))  # signed out: to sign-in
    sign_in(roles=("SalesAgent",), mfa=False)
    assert _no_store(client.get("/billing/"))  # step-up
    sign_in(roles=("SalesAgent",), mfa=True)
    forbidden = client.get("/billing/")
    assert forbidden.status_code == 403
    assert _no_store(forbidden)
    assert _no_store(client.get("/no/such/page"))  # outside every area: not public either


@pytest.mark.django_db
def test_the_public_welcome_page_is_not_forced_out_of_caches(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not _no_store(response)
