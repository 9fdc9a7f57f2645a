from __future__ import annotations

from http import HTTPStatus

import pytest
from django.urls import reverse

from conftest import FABRIKAM_TENANT_ID
from customers.demo_data import ADATUM_TENANT_ID
from customers.models import Customer

LITWARE_TENANT_ID = "5d0a8b4e-1c7f-4b5c-a9d6-4b3f2a1e0d55"


@pytest.fixture
def litware_of_fabrikam(db) -> Customer:
    return Customer.objects.create(
        partner_tenant_id=FABRIKAM_TENANT_ID, customer_tenant_id=LITWARE_TENANT_ID,
        company_name="Litware", domain="litware.com", country="FR",
        relationship=Customer.Relationship.GDAP,
    )


def _detail_url(customer_tenant_id: str) -> str:
    return reverse("customers:detail", kwargs={"customer_tenant_id": customer_tenant_id})


def test_list_shows_the_partners_customers_linked_to_their_subscriptions(
    client, sign_in, litware_of_fabrikam
):
    sign_in()

    response = client.get("/commerce/customers/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count('data-testid="customer-row"') == 5
    assert "Adatum" in html
    assert "adatum.com" in html
    assert _detail_url(ADATUM_TENANT_ID) in html
    assert "Litware" not in html


def test_detail_shows_the_customer_and_its_subscriptions(client, sign_in):
    sign_in()

    response = client.get(f"/commerce/customers/{ADATUM_TENANT_ID}/subscriptions")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert ADATUM_TENANT_ID in html
    assert "Microsoft 365 E3" in html
    assert html.count('data-testid="subscription-row"') == 3


def test_customer_address_opens_its_subscriptions(client, sign_in):
    sign_in()

    response = client.get(f"/commerce/customers/{ADATUM_TENANT_ID}/")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == _detail_url(ADATUM_TENANT_ID)


@pytest.mark.parametrize("path", ["/", "/subscriptions"])
def test_another_partners_customer_is_not_found(client, sign_in, litware_of_fabrikam, path):
    sign_in()

    response = client.get(f"/commerce/customers/{LITWARE_TENANT_ID}{path}", follow=True)

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_other_partner_sees_its_own_customer(client, sign_in, litware_of_fabrikam):
    sign_in(upn="john@fabrikam.com", tenant_id=FABRIKAM_TENANT_ID)

    assert client.get(_detail_url(LITWARE_TENANT_ID)).status_code == HTTPStatus.OK


def test_customers_area_is_read_only(client, sign_in):
    sign_in()

    response = client.post("/commerce/customers/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("path", ["/commerce/", "/commerce/orders", "/commerce/customers/x/y"])
def test_every_page_under_commerce_needs_sign_in_then_mfa_before_it_says_404(
    client, sign_in, path
):
    # The source: every page under /commerce/ is MFA-protected, so probing it without MFA
    # learns nothing, not even whether the page exists.
    anonymous = client.get(path)
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous["Location"].startswith("/oidc/authenticate/")

    sign_in(mfa=False)
    step_up = client.get(path)
    assert step_up.status_code == HTTPStatus.FOUND
    assert "stepup=mfa" in step_up["Location"]

    sign_in(roles=("BillingAdmin",))
    assert client.get(path).status_code == HTTPStatus.FORBIDDEN  # then the role

    sign_in()
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_a_delegated_customer_links_to_its_admin_center_at_the_idp(client, sign_in, settings):
    sign_in()

    html = client.get(f"/commerce/customers/{ADATUM_TENANT_ID}/subscriptions").content.decode()

    expected = f"{settings.OIDC_AUTHORITY}/manage/{ADATUM_TENANT_ID}/users/"
    assert f'href="{expected}" data-testid="customer-admin-center"' in html


def test_a_reseller_only_customer_has_no_admin_center_link(client, sign_in):
    sign_in()
    tailspin = "2a7c5e1b-8d4f-4e29-b6a3-1e0c9d8b7a22"  # Reseller: no delegated admin rights

    html = client.get(f"/commerce/customers/{tailspin}/subscriptions").content.decode()

    assert 'data-testid="customer-admin-center"' not in html
