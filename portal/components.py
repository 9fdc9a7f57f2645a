"""The component gallery's catalogue (``/dev/components``, demo mode only): every building block
of the portal's pages, each with the template code that makes it.

The gallery renders each entry's ``snippet`` through the Django template engine with the entry's
sample context and shows the snippet under the result, so what a developer copies is exactly
what they saw. Blocks with markup or logic of their own are include templates under
``portal/templates/portal/components/``, and the portal's pages include the same files: a change
to a block shows on every page and in the gallery at once. Blocks that are only CSS classes of
``static/portal/portal.css`` (tables, facts, notices, buttons) are snippets of markup.
``portal/tests/test_component_gallery.py`` fails when an include template has no entry here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.template import engines
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.identity import PartnerIdentity
from accounts.stepup import StepUpOutcome
from portal import areas, policy

COMPONENTS_DIR = "portal/components/"
_INCLUDE = re.compile(r'{%\s*include\s+"(' + re.escape(COMPONENTS_DIR) + r'[^"]+)"')


@dataclass(frozen=True)
class Component:
    key: str  # stable: the gallery's test ids (component-<key>, -title, -preview, -snippet)
    title: Promise
    description: Promise
    snippet: str
    # Built again for each rendering: a bound form and lazy strings must follow the page's
    # language, and nothing of one request may leak into the next.
    sample: Callable[[], dict[str, Any]] = dict

    @property
    def includes(self) -> tuple[str, ...]:
        """The include templates of ``COMPONENTS_DIR`` the snippet uses."""
        return tuple(dict.fromkeys(_INCLUDE.findall(self.snippet)))

    def render(self) -> SafeString:
        # No request: a preview shows the sample, never the viewer's session or CSRF token, and
        # renders the same every time (the tests compare it with the page).
        return engines["django"].from_string(self.snippet).render(self.sample())


@dataclass(frozen=True)
class Shown:
    """One entry as the gallery page shows it."""

    component: Component
    preview: SafeString
    variables: tuple[str, ...]  # the names the sample context gives the snippet


def gallery() -> list[Shown]:
    return [
        Shown(component, component.render(), tuple(component.sample()))
        for component in CATALOGUE
    ]


def _nav_areas() -> Sequence[policy.Area]:
    # The areas' own declarations, as the navigation of every page lists them.
    return areas.navigation_areas()


def _area(namespace: str) -> policy.Area:
    return next(area for area in _nav_areas() if area.namespace == namespace)


def _navigation() -> dict[str, Any]:
    return {"nav_areas": _nav_areas(), "current_area": _area("customers")}


def _identity(*amr: str) -> PartnerIdentity:
    return PartnerIdentity.from_claims(
        {"sub": "gallery-sample", "upn": "alejandra@contoso.com", "amr": list(amr)}
    )


def _access_denied() -> dict[str, Any]:
    return {
        "area": _area("billing"),
        "identity_roles": policy.role_labels({policy.Role.SALES_AGENT.value}),
    }


def _stepup() -> dict[str, Any]:
    return {
        "area": _area("billing"),
        "declined": StepUpOutcome.from_provider_error("access_denied", "The user cancelled MFA."),
    }


class ExampleForm(forms.Form):
    """A form to show field errors; its labels are the support request form's."""

    title = forms.CharField(label=_("Title"), min_length=5, max_length=120)
    contact_email = forms.EmailField(label=_("Contact email"), max_length=254)


def _form() -> dict[str, Any]:
    # Typed values that read the same in either language: only the messages are translated.
    form = ExampleForm(data={"title": "MFA", "contact_email": "contoso"})
    form.is_valid()  # the errors the preview shows
    return {"form": form}


_CUSTOMERS = [
    {"company_name": "Adatum", "domain": "adatum.com", "subscription_count": 3},
    {"company_name": "Relecloud", "domain": "relecloud.com", "subscription_count": 2},
    {"company_name": "Woodgrove Bank", "domain": "woodgrovebank.com", "subscription_count": 0},
]

CATALOGUE: tuple[Component, ...] = (
    Component(
        "page-header",
        _("Page header"),
        _(
            "The heading of every page and, on a detail page, the link back to its list above "
            "it."
        ),
        """\
{% url "support:list" as back_url %}{% include "portal/components/page_header.html" with title=_("New request") back_url=back_url back_label=_("Customer requests") %}""",  # noqa: E501
    ),
    Component(
        "area-nav",
        _("Navigation with MFA marks"),
        _(
            "The areas of the portal in the left column; each area that needs MFA is marked. "
            "Every page gets the areas and the open one from the portal's context processor."
        ),
        '{% include "portal/components/area_nav.html" %}',
        _navigation,
    ),
    Component(
        "mfa-badge",
        _("MFA badge of the header"),
        _(
            "Whether this sign-in counts as MFA, next to the user's name, with the token's amr "
            "in its tooltip. Every page gets the signed-in identity from the context processor."
        ),
        """\
{% include "portal/components/mfa_badge.html" with identity=with_mfa %}
{% include "portal/components/mfa_badge.html" with identity=password_only %}""",
        lambda: {"with_mfa": _identity("pwd", "mfa", "otp"), "password_only": _identity("pwd")},
    ),
    Component(
        "status-badge",
        _("Status badges"),
        _("A status in a pill: neutral, good (green) or bad (red)."),
        """\
{% include "portal/components/status_badge.html" with label=_("Pending") %}
{% include "portal/components/status_badge.html" with label=_("Active") variant="ok" %}
{% include "portal/components/status_badge.html" with label=_("Expired") variant="bad" %}""",
    ),
    Component(
        "table",
        _("Table"),
        _(
            "A list of records: numbers aligned right, the first column linking to each "
            "record's page, one row saying so when there is nothing to list."
        ),
        """\
{% load i18n %}<table class="pc-table">
  <thead><tr>
    <th>{% translate "Company name" %}</th><th>{% translate "Primary domain" %}</th>
    <th class="num">{% translate "Subscriptions" %}</th>
  </tr></thead>
  <tbody>{% for customer in customers %}
    <tr>
      <td><a href="#">{{ customer.company_name }}</a></td>
      <td>{{ customer.domain }}</td>
      <td class="num">{{ customer.subscription_count }}</td>
    </tr>
  {% empty %}{% include "portal/components/empty_row.html" with colspan=3 message=_("You have no customers yet.") %}{% endfor %}</tbody>
</table>""",  # noqa: E501
        lambda: {"customers": _CUSTOMERS},
    ),
    Component(
        "empty-row",
        _("Empty table"),
        _("A table with nothing to list keeps its header and says so in one row."),
        """\
{% load i18n %}<table class="pc-table">
  <thead><tr><th>{% translate "Invoice number" %}</th><th class="num">{% translate "Total" %}</th></tr></thead>
  <tbody>{% for invoice in invoices %}
    <tr><td>{{ invoice.number }}</td><td class="num">{{ invoice.total }}</td></tr>
  {% empty %}{% include "portal/components/empty_row.html" with colspan=2 message=_("No invoices yet.") %}{% endfor %}</tbody>
</table>""",  # noqa: E501
        lambda: {"invoices": []},
    ),
    Component(
        "empty-state",
        _("Empty state"),
        _("What a page or a section says when it has nothing to show yet, outside a table."),
        """\
{% include "portal/components/empty_state.html" with message=_("No steps recorded yet in this browser session.") testid="example-empty" %}""",  # noqa: E501
    ),
    Component(
        "facts",
        _("Facts"),
        _("A record's properties with their labels on the left, as the detail pages show them."),
        """\
{% load i18n %}<dl class="pc-facts">
  <dt>{% translate "Microsoft ID (tenant)" %}</dt><dd>{{ customer.tenant_id }}</dd>
  <dt>{% translate "Primary domain" %}</dt><dd>{{ customer.domain }}</dd>
  <dt>{% translate "Country/region" %}</dt><dd>{{ customer.country }}</dd>
</dl>""",
        lambda: {
            "customer": {
                "tenant_id": "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05",
                "domain": "adatum.com",
                "country": "US",
            }
        },
    ),
    Component(
        "form",
        _("Form with errors"),
        _(
            "A Django form as the support request form shows it: a notice above when a field "
            "is wrong, each field's errors under its label, the server's messages in the "
            "page's language."
        ),
        """\
{% include "portal/components/form.html" with form=form action="" submit_label=_("Submit") cancel_url="#" testid_prefix="example" %}""",  # noqa: E501
        _form,
    ),
    Component(
        "notices",
        _("Notices"),
        _("A notice explains the page; a bad notice says what went wrong and what to do."),
        """\
{% load i18n %}<div class="pc-notice"><p>{% translate "Signing in is enough for this page: it needs no MFA." %}</p></div>
<div class="pc-notice pc-notice-bad"><p>{% translate "MFA was not completed, so this area stays closed. You are still signed in; other pages keep working." %}</p></div>""",  # noqa: E501
    ),
    Component(
        "buttons",
        _("Buttons"),
        _("The main action, a secondary action, and a button that looks like a link."),
        """\
{% load i18n %}<p><a class="pc-button" href="#">{% translate "Try MFA again" %}</a>
   <a class="pc-button-secondary" href="#">{% translate "Back to overview" %}</a>
   <button type="button" class="pc-link">{% translate "Sign out" %}</button></p>""",
    ),
    Component(
        "access-denied",
        _("403 explanation"),
        _(
            "MFA is done but the role is not enough: the notice names the roles that may open "
            "the area and the user's own."
        ),
        '{% include "portal/components/access_denied_notice.html" %}',
        _access_denied,
    ),
    Component(
        "stepup",
        _("Step-up explanation"),
        _(
            "The area needs MFA; after a cancelled or refused MFA, the notice also says what "
            "the identity provider answered."
        ),
        """\
{% include "portal/components/stepup_notice.html" with idp_error=None %}
{% include "portal/components/stepup_notice.html" with idp_error=declined %}""",
        _stepup,
    ),
)
