"""Demo content for the Billing tab and the security workspace.

Billing lines and fraud events keep customers as plain names and tenant ids (as a reconciliation
file does), taken from the customers the Customers area seeds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_noop as N_

from customers.services import DEMO_CUSTOMERS as SEEDED


class DemoCustomer(NamedTuple):
    name: str
    tenant_id: str


# The customers the Customers area seeds, so invoices and fraud events name the same companies.
_SEEDED = {c.company_name: DemoCustomer(c.company_name, c.customer_tenant_id) for c in SEEDED}
ADATUM = _SEEDED["Adatum"]
NORTHWIND = _SEEDED["Northwind Traders"]
TAILSPIN = _SEEDED["Tailspin Toys"]
RELECLOUD = _SEEDED["Relecloud"]
WOODGROVE = _SEEDED["Woodgrove Bank"]

DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (ADATUM, NORTHWIND, TAILSPIN, RELECLOUD, WOODGROVE)


class DemoCharge(NamedTuple):
    customer: DemoCustomer
    product: str
    sku: str
    charge_type: str
    quantity: int
    unit_price: Decimal


# Product names stay as Microsoft writes them in every language; the SKU descriptions are
# stored in English (the reconciliation file's) and shown translated (InvoiceLine.sku_display).
_M365_E3 = ("Microsoft 365 E3", N_("Microsoft 365 E3 (annual)"))
_M365_BP = ("Microsoft 365 Business Premium", N_("Microsoft 365 Business Premium (monthly)"))
_EXO_P1 = ("Exchange Online (Plan 1)", N_("Exchange Online (Plan 1) (annual)"))
_TEAMS = ("Microsoft Teams Essentials", N_("Microsoft Teams Essentials (monthly)"))
_DEFENDER_ANNUAL = (
    "Microsoft Defender for Business", N_("Microsoft Defender for Business (annual)")
)
_DEFENDER_MONTHLY = (
    "Microsoft Defender for Business", N_("Microsoft Defender for Business (monthly)")
)
_AZURE = ("Azure plan", N_("Azure plan consumption"))
SEEDED_SKU_TEXTS = frozenset(
    sku
    for _, sku in (
        _M365_E3, _M365_BP, _EXO_P1, _TEAMS, _DEFENDER_ANNUAL, _DEFENDER_MONTHLY, _AZURE
    )
)

# Charges of the three seeded invoices, newest first. They follow the subscriptions the
# customers app seeds (products and seat counts), at list prices; monthly terms cost 20% more.
INVOICE_CHARGES: tuple[tuple[DemoCharge, ...], ...] = (
    (
        DemoCharge(ADATUM, *_M365_E3, "cycleCharge", 250, Decimal("36.00")),
        DemoCharge(ADATUM, *_AZURE, "cycleCharge", 1, Decimal("1284.37")),
        DemoCharge(ADATUM, *_DEFENDER_ANNUAL, "cycleCharge", 250, Decimal("3.00")),
        DemoCharge(NORTHWIND, *_M365_BP, "cycleCharge", 48, Decimal("26.40")),
        DemoCharge(TAILSPIN, *_TEAMS, "new", 5, Decimal("4.80")),
        DemoCharge(RELECLOUD, *_AZURE, "cycleCharge", 1, Decimal("612.90")),
        DemoCharge(WOODGROVE, *_M365_E3, "cycleCharge", 1200, Decimal("36.00")),
        DemoCharge(WOODGROVE, *_AZURE, "cycleCharge", 1, Decimal("5310.12")),
    ),
    (
        DemoCharge(ADATUM, *_M365_E3, "cycleCharge", 250, Decimal("36.00")),
        DemoCharge(ADATUM, *_AZURE, "cycleCharge", 1, Decimal("1120.54")),
        DemoCharge(NORTHWIND, *_M365_BP, "cycleCharge", 48, Decimal("26.40")),
        DemoCharge(NORTHWIND, *_EXO_P1, "renew", 12, Decimal("4.00")),
        DemoCharge(TAILSPIN, *_DEFENDER_MONTHLY, "cycleCharge", 15, Decimal("3.60")),
        DemoCharge(WOODGROVE, *_AZURE, "cycleCharge", 1, Decimal("4987.65")),
    ),
    (
        DemoCharge(ADATUM, *_M365_E3, "new", 250, Decimal("36.00")),
        DemoCharge(NORTHWIND, *_M365_BP, "addQuantity", 8, Decimal("26.40")),
        DemoCharge(NORTHWIND, *_M365_BP, "cycleCharge", 40, Decimal("26.40")),
        DemoCharge(WOODGROVE, *_M365_E3, "cycleCharge", 1200, Decimal("36.00")),
    ),
)
