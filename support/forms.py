from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.selectors import customer_list
from support.models import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    SupportRequest,
)


class _CustomerChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            # A malformed tenant id is just another customer that is not on the list; "not a
            # valid UUID" would tell the user about our URL scheme, not about their mistake.
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class SupportRequestForm(forms.Form):
    """A new customer request; the customer can only be one of the signed-in partner's."""

    # The tenant id, not the primary key, is what the partner knows the customer by.
    customer = _CustomerChoiceField(
        label=_("Customer"),
        queryset=None,
        to_field_name="customer_tenant_id",
        empty_label=_("Select a customer"),
        widget=forms.Select(attrs={"data-testid": "support-customer"}),
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"data-testid": "support-title"}),
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"data-testid": "support-description", "rows": 8}),
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=[("", _("Select a severity")), *SupportRequest.Severity.choices],
        widget=forms.Select(attrs={"data-testid": "support-severity"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"data-testid": "support-contact"}),
    )

    def __init__(self, *args, partner_tenant_id: str | uuid.UUID, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customer_list(partner_tenant_id=partner_tenant_id)
