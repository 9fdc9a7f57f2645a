"""The component gallery (/dev/components, issue 13): every building block of the portal's pages,
rendered live from the snippet it shows, in demo mode only; and the pages built from the same
include templates, so that the gallery cannot drift from them."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.test import Client, override_settings
from django.utils import translation

from accounts import stepup
from accounts.stepup import StepUpOutcome
from portal import components
from portal.components import CATALOGUE, COMPONENTS_DIR
from testsupport.korean import template_msgids, untranslated_msgids

GALLERY = "/dev/components"
COMPONENT_TEMPLATES = Path(settings.BASE_DIR) / "portal/templates" / COMPONENTS_DIR


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.deactivate()


def _gallery(client: Client, language: str = "en") -> str:
    response = client.get(GALLERY, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def _shown_snippet(body: str, key: str) -> str:
    match = re.search(
        rf'<code data-testid="component-{re.escape(key)}-snippet">(.*?)</code>', body, re.DOTALL
    )
    assert match, f"no snippet shown for {key}"
    return html.unescape(match.group(1))


def _preview_markup(key: str, rendered: str) -> str:
    return f'data-testid="component-{key}-preview" inert>{rendered}</div>'


@pytest.mark.django_db
@override_settings(SIMULATOR_MODE="production")
def test_the_gallery_does_not_exist_in_production_mode(client):
    assert client.get(GALLERY).status_code == 404


@pytest.mark.django_db
def test_the_gallery_opens_without_sign_in_in_demo_mode(client):
    body = _gallery(client)
    assert 'data-testid="component-gallery"' in body
    assert '<h1 data-testid="area-title">Component gallery</h1>' in body


@pytest.mark.django_db
def test_every_component_is_shown_with_its_title_preview_and_snippet(client):
    body = _gallery(client)
    assert len(CATALOGUE) >= 13
    for component in CATALOGUE:
        for part in ("", "-title", "-preview", "-snippet"):
            assert body.count(f'data-testid="component-{component.key}{part}"') == 1, (
                component.key, part
            )
        assert f'<h2 data-testid="component-{component.key}-title">{component.title}</h2>' in body


def test_component_keys_are_unique_and_fit_a_test_id():
    keys = [component.key for component in CATALOGUE]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key) for key in keys)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_preview_is_what_the_snippet_shown_renders(client, language):
    # Rendering the code a developer would copy off the page, not the catalogue's string: the
    # two cannot differ without this failing.
    body = _gallery(client, language)
    with translation.override(language):
        for component in CATALOGUE:
            snippet = _shown_snippet(body, component.key)
            assert snippet == component.snippet
            rendered = engines["django"].from_string(snippet).render(component.sample())
            assert rendered.strip(), component.key
            assert _preview_markup(component.key, rendered) in body, component.key


@pytest.mark.django_db
def test_previews_show_what_their_components_are_about(client):
    body = _gallery(client)
    previews = {
        component.key: _preview_markup(component.key, component.render()) for component in CATALOGUE
    }
    expected = {
        "page-header": '<h1 data-testid="area-title">New request</h1>',
        "area-nav": '<span class="pc-lock" title="Needs MFA">MFA</span>',
        "mfa-badge": 'data-testid="session-mfa" title="amr: pwd, mfa, otp">MFA done</span>',
        "status-badge": '<span class="pc-badge pc-badge-bad">Expired</span>',
        "table": '<td class="num">3</td>',
        "empty-row": '<tr><td colspan="2">No invoices yet.</td></tr>',
        "empty-state": 'data-testid="example-empty">No steps recorded yet',
        "form": 'data-testid="example-form-errors"',
        "access-denied": '<strong data-testid="allowed-roles">Admin agent, Security administrator',
        "stepup": '<code data-testid="idp-error">access_denied</code>',
    }
    for key, markup in expected.items():
        assert markup in previews[key], key
        assert previews[key] in body, key
    assert "errorlist" in previews["form"]  # field errors under their labels
    assert 'aria-current="page"' in previews["area-nav"]


def test_every_include_template_is_in_the_catalogue():
    # A new file in portal/templates/portal/components/ needs an entry: otherwise prototypes
    # would never find it.
    templates = {
        f"{COMPONENTS_DIR}{path.name}" for path in COMPONENT_TEMPLATES.glob("*.html")
    }
    assert templates
    shown = {name for component in CATALOGUE for name in component.includes}
    assert templates - shown == set()
    assert shown - templates == set()


@pytest.mark.parametrize("component", CATALOGUE, ids=[c.key for c in CATALOGUE])
def test_every_message_of_a_snippet_has_korean(component):
    # The snippets are Python strings, which no catalog extraction reads: their messages must
    # come from some app's catalog.
    assert untranslated_msgids(template_msgids([component.snippet])) == []


# The pages are built from the same include templates.


def _templates_used(response) -> set[str]:
    return {template.name for template in response.templates if template.name}


@pytest.mark.django_db
def test_the_access_denied_page_shows_the_gallerys_notice(client, sign_in):
    sign_in(roles=("SalesAgent",))
    response = client.get("/billing/")
    assert response.status_code == 403
    assert {
        f"{COMPONENTS_DIR}access_denied_notice.html",
        f"{COMPONENTS_DIR}page_header.html",
        f"{COMPONENTS_DIR}area_nav.html",
        f"{COMPONENTS_DIR}mfa_badge.html",
        f"{COMPONENTS_DIR}status_badge.html",
    } <= _templates_used(response)
    # The gallery's example is this very case: Billing refused to a Sales agent.
    assert _component("access-denied").render().strip() in response.content.decode()


@pytest.mark.django_db
def test_the_stepup_page_shows_the_gallerys_notice(client, sign_in):
    sign_in(roles=("AdminAgent",), mfa=False)
    session = client.session
    stepup.record_outcome(
        SimpleNamespace(session=session),
        next_url="/billing/",
        outcome=StepUpOutcome.from_provider_error("access_denied", "The user cancelled MFA."),
    )
    session.save()
    response = client.get("/billing/")
    assert response.status_code == 403
    assert f"{COMPONENTS_DIR}stepup_notice.html" in _templates_used(response)
    # The gallery's second example is this very case: MFA for Billing cancelled.
    examples = _component("stepup").render()
    declined = examples[examples.rindex('<div class="pc-notice pc-notice-bad"') :].strip()
    assert declined in response.content.decode()


@pytest.mark.django_db
def test_the_support_form_is_the_form_component(client, sign_in):
    sign_in()
    response = client.post("/dashboard/v2/support/customers/new", {"title": "x"})
    assert response.status_code == 400
    assert {
        f"{COMPONENTS_DIR}form.html", f"{COMPONENTS_DIR}page_header.html"
    } <= _templates_used(response)
    body = response.content.decode()
    assert 'data-testid="support-form-errors"' in body
    assert 'data-testid="support-submit"' in body
    assert 'data-testid="support-title"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/commerce/customers/", "customers/customer_list.html"),
        ("/billing/", "billing/invoice_list.html"),
        ("/dashboard/v2/support/customers/", "support/support_request_list.html"),
        ("/security/fraudevents/", "security/fraud_event_list.html"),
        ("/dashboard/servicehealth", "portal/service_health.html"),
    ],
)
def test_lists_use_the_page_header_and_the_empty_row(client, sign_in, path, template):
    sign_in()
    response = client.get(path)
    assert response.status_code == 200
    assert f"{COMPONENTS_DIR}page_header.html" in _templates_used(response)
    # Demo data fills the lists, so the empty row is not rendered: it is in the template.
    assert f'{{% include "{COMPONENTS_DIR}empty_row.html"' in get_template(template).template.source


def _component(key: str) -> components.Component:
    return next(component for component in CATALOGUE if component.key == key)
