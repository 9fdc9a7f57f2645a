"""The middleware both origins share (config/middleware.py), seen from the portal."""

import pytest

pytestmark = pytest.mark.security


def test_every_page_sends_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy


def test_a_deployment_can_set_its_own_policy(client, db, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self' https://cdn.example"
    assert client.get("/")["Content-Security-Policy"] == "default-src 'self' https://cdn.example"


@pytest.mark.parametrize(
    "path",
    ["/billing/invoices/a%00b/", "/dashboard/v2/support/customers/a%00b", "/?next=a%00b"],
)
def test_a_nul_character_is_a_400_page(client, sign_in, path):
    # PostgreSQL refuses NUL in text columns: once a 500 wherever it reached a query.
    sign_in()
    response = client.get(path)
    assert response.status_code == 400
    assert b"<html" in response.content


def test_a_nul_in_a_form_field_is_a_400_and_saves_nothing(client, sign_in):
    from support.models import SupportRequest

    sign_in()
    before = SupportRequest.objects.count()
    response = client.post("/dashboard/v2/support/customers/new", {"title": "a\x00b"})
    assert response.status_code == 400
    assert SupportRequest.objects.count() == before
