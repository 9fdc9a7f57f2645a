"""Billing and reconciliation: the partner's invoices and line items, for each kind of caller."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.tests.conftest import CONTOSO, FABRIKAM
from api.tests.helpers import APP_ONLY, WITHOUT_MFA, assert_mfa_required, assert_refused, seed
from billing import selectors


@pytest.fixture(autouse=True)
def contoso(db) -> None:
    seed()


@pytest.fixture
def invoice():
    return selectors.invoice_list(partner_tenant_id=CONTOSO).first()


@pytest.mark.parametrize("kind", [{}, APP_ONLY])
def test_invoices_and_their_lines_match_the_billing_pages(call, api_token, invoice, kind):
    token = api_token(**kind)
    listed = call("GET", "/v1/invoices", token=token).json()
    assert listed["totalCount"] == selectors.invoice_list(partner_tenant_id=CONTOSO).count()
    one = call("GET", f"/v1/invoices/{invoice.number}", token=token).json()
    assert Decimal(str(one["totalCharges"])) == invoice.total
    lines = call("GET", f"/v1/invoices/{invoice.number}/lineitems", token=token).json()
    assert lines["totalCount"] == invoice.lines.count()
    assert sum(Decimal(str(line["amount"])) for line in lines["items"]) == invoice.total


@pytest.mark.parametrize("suffix", ["", "/{n}", "/{n}/lineitems"])
def test_billing_without_mfa_is_the_401(call, api_token, invoice, suffix):
    path = "/v1/invoices" + suffix.format(n=invoice.number)
    assert_mfa_required(call("GET", path, token=api_token(**WITHOUT_MFA)))


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        (("AdminAgent",), True), (("BillingAdmin",), True), (("SecurityAdmin",), True),
        (("SalesAgent",), False), (("HelpdeskAgent",), False), ((), False),
    ],
)
def test_the_billing_roles_of_the_matrix(call, api_token, roles, allowed):
    response = call("GET", "/v1/invoices", token=api_token(roles=roles))
    if allowed:
        assert response.status_code == 200
    else:
        assert_refused(response, 403, "role_not_allowed")


def test_another_partners_invoice_is_not_found(call, api_token, invoice):
    fabrikam = api_token(tenant_id=FABRIKAM, upn="billing@fabrikam.com")
    theirs = {item["id"] for item in call("GET", "/v1/invoices", token=fabrikam).json()["items"]}
    assert invoice.number not in theirs
    assert_refused(call("GET", f"/v1/invoices/{invoice.number}", token=fabrikam), 404,
                   "not_found")
    assert_refused(call("GET", "/v1/invoices/G000000000", token=api_token()), 404, "not_found")
