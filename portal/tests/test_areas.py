"""An area declared once: a test-only app with one ``area.py`` shows up in the URLconf, the
navigation, the access matrix, the policy, the seeding and the checks, with no other edit."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.conf import settings as django_settings
from django.core.checks import Warning
from django.test import override_settings

from conftest import CONTOSO_TENANT_ID
from portal import areas, checks
from portal.policy import Area
from portal.tests.sample_area import views as sample_views
from portal.workspace import workspace_ensure

SAMPLE_APP = "portal.tests.sample_area"


def _installed():
    return override_settings(
        INSTALLED_APPS=[*django_settings.INSTALLED_APPS, SAMPLE_APP],
        ROOT_URLCONF=f"{SAMPLE_APP}.urls_root",
    )


@pytest.fixture
def sample_area():
    with _installed():
        yield areas.area_for_namespace("sample")


def test_installing_the_app_is_what_adds_the_area():
    assert areas.area_for_namespace("sample") is None
    with _installed():
        assert areas.area_for_namespace("sample") is not None
    assert areas.area_for_namespace("sample") is None


def test_the_declaration_is_collected_with_its_path_from_the_urlconf(sample_area):
    assert sample_area is not None
    assert sample_area.path == "/sample/reports/"
    # order=55: between Billing (50) and the Security workspace (60).
    namespaces = [area.namespace for area in areas.navigation_areas()]
    assert namespaces[namespaces.index("billing") + 1] == "sample"
    assert namespaces[namespaces.index("sample") + 1] == "security"


def test_the_navigation_links_to_it_with_its_mfa_mark(client, sign_in, sample_area):
    sign_in(roles=("AdminAgent",), mfa=True)
    body = client.get("/dashboard/home").content.decode()
    [(tag, text)] = re.findall(r'(<a\b[^>]*data-testid="nav-sample"[^>]*>)(.*?)</a>', body, re.S)
    assert 'href="/sample/reports/"' in tag
    assert "Sample reports" in text
    assert "MFA" in text


def test_the_access_matrix_lists_it_with_its_roles(client, sign_in, sample_area):
    sign_in()
    body = client.get("/dashboard/access").content.decode()
    row = body[body.index('data-testid="matrix-sample"') :]
    row = row[: row.index("</tr>")]
    assert "Sample reports" in row
    assert "<code>/sample/reports/</code>" in row
    assert row.count('data-role="') == 1
    assert 'data-role="BillingAdmin"' in row


def test_the_policy_asks_for_mfa_then_the_role(client, sign_in, sample_area):
    assert client.get("/sample/reports/").status_code == 302  # signed out: to sign-in

    sign_in(roles=("BillingAdmin",), mfa=False)
    stepped_up = client.get("/sample/reports/")
    assert stepped_up.status_code == 302
    assert "stepup=mfa" in stepped_up["Location"]

    sign_in(roles=("SalesAgent",), mfa=True)
    denied = client.get("/sample/reports/")
    assert denied.status_code == 403
    assert b"Billing administrator" in denied.content

    sign_in(roles=("BillingAdmin",), mfa=True)
    opened = client.get("/sample/reports/")
    assert opened.status_code == 200
    assert b'data-testid="area-title">Sample reports' in opened.content


@pytest.mark.django_db
def test_its_seeder_runs_after_the_one_it_names(sample_area):
    sample_views.SEEDED.clear()
    workspace_ensure(partner_tenant_id=CONTOSO_TENANT_ID)
    [(tenant, customers_seen)] = sample_views.SEEDED
    assert tenant == CONTOSO_TENANT_ID
    assert customers_seen > 0  # customers' seeder ran first


def test_the_checks_pass_with_it_installed(sample_area):
    assert checks.check_every_url_has_an_area() == []
    assert checks.check_area_declarations() == []


def test_an_area_without_a_seeder_is_reported(sample_area, monkeypatch):
    without_seeder = dataclasses.replace(sample_area, seeder=None, seed_after=())
    _declare(monkeypatch, without_seeder)
    warnings = checks.check_area_declarations()
    assert [(w.id, type(w)) for w in warnings] == [("portal.W001", Warning)]
    assert "'sample'" in warnings[0].msg

    # ... unless it says it shows no content of its own.
    _declare(monkeypatch, dataclasses.replace(without_seeder, no_demo_data=True))
    assert checks.check_area_declarations() == []


def test_a_home_url_the_area_does_not_have_is_reported(sample_area, monkeypatch):
    _declare(monkeypatch, dataclasses.replace(sample_area, home="missing"))
    errors = checks.check_every_url_has_an_area()
    assert [error.id for error in errors] == ["portal.E003"]


def test_a_namespace_declared_twice_is_reported(sample_area, monkeypatch):
    twin = dataclasses.replace(sample_area, title="Twin")
    _declare(monkeypatch, sample_area, twin)
    assert [e.id for e in checks.check_area_declarations()] == ["portal.E004"]


def test_seeding_after_an_unknown_area_or_in_a_cycle_is_reported(sample_area, monkeypatch):
    _declare(monkeypatch, dataclasses.replace(sample_area, seed_after=("no_such_area",)))
    assert [e.id for e in checks.check_area_declarations()] == ["portal.E005"]

    looped = dataclasses.replace(sample_area, seed_after=("sample",))
    _declare(monkeypatch, looped)
    assert [e.id for e in checks.check_area_declarations()] == ["portal.E006"]


def _declare(monkeypatch, *sample_areas: Area) -> None:
    """The portal's areas with the sample's declaration replaced by ``sample_areas``."""
    others = tuple(a for a in areas.all_areas() if a.namespace != "sample")
    declared = (*others, *sample_areas)
    monkeypatch.setattr(areas, "all_areas", lambda: declared)
    by_namespace = {area.namespace: area for area in declared}
    monkeypatch.setattr(areas, "area_for_namespace", lambda ns: by_namespace.get(ns or ""))
