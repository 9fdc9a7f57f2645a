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
