"""The trace page, its JSON export and "Clear"."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from journeytrace.models import TraceStep

pytestmark = pytest.mark.django_db


def test_the_page_opens_before_sign_in(client):
    page = client.get("/trace/")
    assert page.status_code == 200
    assert b'data-testid="trace-empty"' in page.content
    assert b'data-testid="trace-panel"' in page.content


def test_the_page_and_panel_list_this_session_steps(client, sign_in):
    sign_in(mfa=False)
    client.get("/commerce/customers/")
    page = client.get("/trace/").content.decode()
    assert page.count('data-testid="trace-step"') == 1
    assert 'data-testid="trace-panel-step"' in page
    assert "Customers needs MFA" in page
    assert Client().get("/trace/").content.count(b'data-testid="trace-step"') == 0  # not others'


def test_export_is_a_json_attachment(client, sign_in):
    sign_in(mfa=False)
    client.get("/billing/")
    response = client.get("/trace/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="journey-trace.json"'
    body = json.loads(response.content)
    assert [step["kind"] for step in body["steps"]] == ["portal_policy"]
    assert body["steps"][0]["details"]["amr"] == ["pwd"]


def test_clear_is_a_post_with_csrf(client, sign_in):
    sign_in(mfa=False)
    client.get("/billing/")
    assert client.get("/trace/clear").status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.cookies = client.cookies
    assert guarded.post("/trace/clear").status_code == 403
    assert TraceStep.objects.count() == 1
    response = client.post("/trace/clear")
    assert response.status_code == 303
    assert response["Location"] == "/trace/"
    assert not TraceStep.objects.exists()
