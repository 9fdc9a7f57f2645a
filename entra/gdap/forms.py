"""The partner's GDAP forms: a relationship request, an access assignment.

Django's forms do the parsing: a customer, a role or a group outside the choices offered (a forged
id, a role that does not exist, another tenant's group) is a field error, so the view answers 400
with the form before any service runs.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entra.gdap import roles as gdap_roles
from entra.gdap import selectors as gdap_selectors
from entra.gdap.services import MAX_DURATION_DAYS
from entra.models import SecurityGroup, Tenant


def _role_choices() -> list[tuple[str, str]]:
    return [(r.template_id, gettext(r.name)) for r in gdap_roles.ROLES.values()]


class RelationshipRequestForm(forms.Form):
    customer = forms.ChoiceField(label=_("Customer"))
    display_name = forms.CharField(
        label=_("Relationship name"), max_length=50, strip=True,
        help_text=_("Unique among your relationships; the customer sees it."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Microsoft Entra roles"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )
    duration_days = forms.IntegerField(
        label=_("Duration (days)"), min_value=1, max_value=MAX_DURATION_DAYS, initial=730,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only customer tenants are offered, so a partner tenant's id is refused like a forged one.
        self.customers = {str(t.pk): t for t in gdap_selectors.customer_tenants()}
        self.fields["customer"].choices = [("", "—")] + [
            (tid, f"{t.name} ({t.domain})") for tid, t in self.customers.items()
        ]
        self.fields["roles"].choices = _role_choices()

    @property
    def customer_tenant(self) -> Tenant:
        return self.customers[self.cleaned_data["customer"]]

    @property
    def duration(self) -> str:
        """Graph's ISO 8601 form of the duration."""
        return f"P{self.cleaned_data['duration_days']}D"


class AccessAssignmentForm(forms.Form):
    security_group = forms.ChoiceField(label=_("Security group"))
    roles = forms.MultipleChoiceField(
        label=_("Roles"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )

    def __init__(self, *args, partner_tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {
            str(g.pk): g for g in gdap_selectors.security_groups_of(tenant=partner_tenant)
        }
        self.fields["security_group"].choices = [
            (gid, g.display_name) for gid, g in self.groups.items()
        ]
        # Every known role is a valid choice, so that one outside the relationship reaches the
        # service and is refused naming what the relationship does not grant; the page offers
        # the relationship's own roles only.
        self.fields["roles"].choices = _role_choices()

    @property
    def group(self) -> SecurityGroup:
        return self.groups[self.cleaned_data["security_group"]]
