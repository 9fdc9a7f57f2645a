from __future__ import annotations

import html
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.demo_data import ADATUM_TENANT_ID
from customers.models import Customer
from support.models import SupportRequest
from support.selectors import support_request_list

NEW_URL = "/dashboard/v2/support/customers/new"
LIST_URL = "/dashboard/v2/support/customers/"
LITWARE_TENANT_ID = "5d0a8b4e-1c7f-4b5c-a9d6-4b3f2a1e0d55"

VALID = {
    "customer": ADATUM_TENANT_ID,
    "title": "Users are locked out after MFA registration",
    "description": "Since the MFA rollout, ten users cannot sign in to Outlook on iOS.",
    "severity": "B",
    "contact_email": "admin.agent@contoso.com",
}


@pytest.fixture
def contoso(sign_in):
    return sign_in()


@pytest.fixture
def litware_of_fabrikam(db) -> Customer:
    return Customer.objects.create(
        partner_tenant_id=FABRIKAM_TENANT_ID, customer_tenant_id=LITWARE_TENANT_ID,
        company_name="Litware", domain="litware.com", country="FR",
        relationship=Customer.Relationship.GDAP,
    )


def test_list_shows_the_partners_requests_and_a_new_request_button(client, contoso):
    response = client.get(LIST_URL)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert page.count('data-testid="support-request-row"') == 3
    assert 'data-testid="support-new"' in page
    for support_request in support_request_list(partner_tenant_id=CONTOSO_TENANT_ID):
        assert reverse("support:detail", kwargs={"number": support_request.number}) in page


def test_form_offers_only_the_partners_customers_and_prefills_the_contact(
    client, contoso, litware_of_fabrikam
):
    response = client.get(NEW_URL)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for test_id in ("support-customer", "support-title", "support-description",
                    "support-severity", "support-contact", "support-submit"):
        assert f'data-testid="{test_id}"' in page
    assert f'value="{ADATUM_TENANT_ID}"' in page
    assert "Litware" not in page
    assert 'value="admin.agent@contoso.com"' in page


def test_valid_request_is_created_once_and_opens_on_its_page(client, contoso):
    response = client.post(NEW_URL, VALID)

    created = SupportRequest.objects.get(title=VALID["title"])
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert response.url == reverse("support:detail", kwargs={"number": created.number})
    assert created.customer.partner_tenant_id == created.partner_tenant_id
    assert created.created_by_upn == contoso.upn

    page = client.get(response.url).content.decode()
    assert f'<dd data-testid="support-number">{created.number}</dd>' in page
    assert 'data-testid="messages"' in page
    assert created.number in page.split('data-testid="messages"')[1].split("</ul>")[0]


INVALID_CASES = {
    "short title": {"title": "Help"},
    "blank title": {"title": "      "},
    "long title": {"title": "x" * 121},
    "short description": {"description": "Too short."},
    "long description": {"description": "y" * 5001},
    "bad severity": {"severity": "Z"},
    "bad email": {"contact_email": "not-an-email"},
    "garbage customer": {"customer": "'; DROP TABLE customers_customer; --"},
    "unknown customer": {"customer": "00000000-0000-4000-8000-000000000000"},
    "another partner's customer": {"customer": LITWARE_TENANT_ID},
}


@pytest.mark.parametrize("change", INVALID_CASES.values(), ids=INVALID_CASES.keys())
def test_invalid_request_is_shown_again_with_errors_and_nothing_is_saved(
    client, contoso, litware_of_fabrikam, change
):
    before = SupportRequest.objects.count()
    data = {**VALID, **change}

    response = client.post(NEW_URL, data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert SupportRequest.objects.count() == before
    page = html.unescape(response.content.decode())
    assert 'class="errorlist' in page
    if "customer" in change:
        assert "Select a valid choice" in page
    # Whatever the user typed stays in the form, the refused value included; only a refused
    # customer cannot be reselected, since it is not among the options.
    for field in ("title", "description", "contact_email"):
        assert data[field] in page
    if "customer" not in change:
        assert f'value="{ADATUM_TENANT_ID}" selected' in page


def test_empty_post_reports_every_missing_field(client, contoso):
    before = SupportRequest.objects.count()

    response = client.post(NEW_URL, {})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert SupportRequest.objects.count() == before
    assert response.content.decode().count('class="errorlist"') == 5


def test_partial_post_keeps_what_was_typed(client, contoso):
    response = client.post(NEW_URL, {"title": "Only a title was typed"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'value="Only a title was typed"' in response.content.decode()


def test_post_without_csrf_token_is_refused(client, contoso):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    before = SupportRequest.objects.count()

    response = csrf_client.post(NEW_URL, VALID)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert SupportRequest.objects.count() == before


def test_two_requests_get_different_numbers(client, contoso):
    first = client.post(NEW_URL, VALID)
    second = client.post(NEW_URL, VALID)

    assert first.status_code == second.status_code == HTTPStatus.SEE_OTHER
    assert first.url != second.url
    numbers = list(SupportRequest.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 5


def test_detail_of_another_partners_request_is_not_found(client, sign_in):
    sign_in(upn="john@fabrikam.com", tenant_id=FABRIKAM_TENANT_ID)
    fabrikam_number = support_request_list(partner_tenant_id=FABRIKAM_TENANT_ID).first().number
    sign_in()

    assert client.get(f"{LIST_URL}{fabrikam_number}").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"{LIST_URL}0000000000000000").status_code == HTTPStatus.NOT_FOUND
    assert fabrikam_number not in client.get(LIST_URL).content.decode()
