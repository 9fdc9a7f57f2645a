"""The demo customers and subscriptions other areas' demo data point at (customers.demo_data).

Other areas name a subscription by its key and a customer by its tenant id; these tests hold
the keys unique, the seeded ids derived from them alone, and the customers that are also
tenants of the mock Entra ID in step with its directory.
"""

from __future__ import annotations

import ast
import dataclasses
import uuid
from pathlib import Path

import pytest

from conftest import CONTOSO_TENANT_ID
from customers import demo_data
from customers.models import Customer, Subscription
from customers.services import customers_seed_demo

ROOT = Path(__file__).resolve().parents[2]


def _keys() -> list[str]:
    return [s.key for c in demo_data.DEMO_CUSTOMERS for s in c.subscriptions]


def test_subscription_keys_and_customer_tenant_ids_are_unique():
    keys = _keys()
    tenant_ids = [c.customer_tenant_id for c in demo_data.DEMO_CUSTOMERS]

    assert len(keys) == len(set(keys))
    assert all(key and key == key.strip().lower() for key in keys)
    assert len(tenant_ids) == len(set(tenant_ids))


def test_a_key_names_one_subscription_and_its_customer():
    assert demo_data.demo_subscription("woodgrove-azure-plan").offer_name == "Azure plan"
    assert demo_data.demo_subscription_customer("woodgrove-azure-plan") == demo_data.WOODGROVE
    # A mistyped key in another area's demo data fails at seeding instead of pointing nowhere.
    with pytest.raises(LookupError):
        demo_data.demo_subscription("woodgrove-azure")
    with pytest.raises(LookupError):
        demo_data.demo_subscription_id(partner_tenant_id=CONTOSO_TENANT_ID, key="nonsense")


def test_subscription_id_depends_on_the_partner_and_the_key_only():
    key = "adatum-azure-plan"
    contoso = demo_data.demo_subscription_id(partner_tenant_id=CONTOSO_TENANT_ID, key=key)

    spelled = CONTOSO_TENANT_ID.upper().replace("-", "")
    assert demo_data.demo_subscription_id(partner_tenant_id=spelled, key=key) == contoso
    other = str(uuid.uuid4())
    assert demo_data.demo_subscription_id(partner_tenant_id=other, key=key) != contoso
    ids = {
        demo_data.demo_subscription_id(partner_tenant_id=CONTOSO_TENANT_ID, key=k) for k in _keys()
    }
    assert len(ids) == len(_keys())


@pytest.mark.django_db
def test_each_demo_subscription_is_seeded_under_the_id_of_its_key():
    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    seeded = Subscription.objects.filter(customer__partner_tenant_id=CONTOSO_TENANT_ID)
    assert seeded.count() == len(_keys())
    for customer in demo_data.DEMO_CUSTOMERS:
        for sub in customer.subscriptions:
            row = seeded.select_related("customer").get(
                subscription_id=demo_data.demo_subscription_id(
                    partner_tenant_id=CONTOSO_TENANT_ID, key=sub.key
                )
            )
            assert str(row.customer.customer_tenant_id) == customer.customer_tenant_id
            assert (row.offer_name, row.sku, row.quantity, row.billing_frequency) == (
                sub.offer_name, sub.sku, sub.quantity, sub.billing_frequency,
            )


@pytest.mark.django_db
def test_reordering_the_demo_subscriptions_keeps_every_id(monkeypatch):
    def snapshot() -> dict:
        return {
            row.subscription_id: (str(row.customer.customer_tenant_id), row.sku, row.quantity)
            for row in Subscription.objects.select_related("customer").filter(
                customer__partner_tenant_id=CONTOSO_TENANT_ID
            )
        }

    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    before = snapshot()
    Customer.objects.all().delete()
    monkeypatch.setattr(demo_data, "DEMO_CUSTOMERS", tuple(
        dataclasses.replace(c, subscriptions=c.subscriptions[::-1])
        for c in reversed(demo_data.DEMO_CUSTOMERS)
    ))

    customers_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert snapshot() == before


def _entra_demo_tenants() -> list[dict[str, str]]:
    """entra/demo_data.py's TENANTS, read from its source: the portal's settings cannot import
    the IdP's models, and the portal must never import entra at runtime."""
    tree = ast.parse((ROOT / "entra" / "demo_data.py").read_text(encoding="utf-8"))
    tenants = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "TENANTS" for t in node.targets
        ):
            assert isinstance(node.value, ast.Tuple)
            for call in node.value.elts:
                assert isinstance(call, ast.Call)
                assert ast.unparse(call.func) == "DemoTenant"
                args = [ast.literal_eval(a) for a in call.args[:3]]
                keywords = {k.arg: ast.unparse(k.value) for k in call.keywords}
                tenants.append({
                    "id": args[0], "name": args[1], "domain": args[2],
                    "kind": keywords.get("kind", "Tenant.Kind.PARTNER"),
                })
    return tenants


def test_the_mock_entra_ids_customer_tenants_are_portal_demo_customers():
    entra_customers = [t for t in _entra_demo_tenants() if t["kind"] == "Tenant.Kind.CUSTOMER"]
    assert {t["name"] for t in entra_customers} >= {"Adatum", "Relecloud"}
    portal = {c.customer_tenant_id: c for c in demo_data.DEMO_CUSTOMERS}

    for tenant in entra_customers:
        customer = portal.get(tenant["id"])
        assert customer is not None, f"{tenant['name']} ({tenant['id']}) is no demo customer"
        assert (customer.company_name, customer.domain) == (tenant["name"], tenant["domain"])
    assert demo_data.ADATUM_TENANT_ID in {t["id"] for t in entra_customers}
