"""Demo content for the Billing tab and the security workspace.

The customers are kept as plain names and tenant ids, not imported from the customers app (a
reconciliation file names customers the same way). They must match ``customers.services``'
DEMO_CUSTOMERS so that invoices and fraud events name the customers the portal lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class DemoCustomer(NamedTuple):
    name: str
    tenant_id: str


ADATUM = DemoCustomer("Adatum", "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05")
NORTHWIND = DemoCustomer("Northwind Traders", "1f4e2a9c-7b3d-4c18-a5e6-0d9b8c7a6f11")
TAILSPIN = DemoCustomer("Tailspin Toys", "2a7c5e1b-8d4f-4e29-b6a3-1e0c9d8b7a22")
RELECLOUD = DemoCustomer("Relecloud", "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33")
WOODGROVE = DemoCustomer("Woodgrove Bank", "4c9e7a3d-0f6b-4a4b-98c5-3a2e1f0d9c44")

DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (ADATUM, NORTHWIND, TAILSPIN, RELECLOUD, WOODGROVE)


class DemoCharge(NamedTuple):
    customer: DemoCustomer
    product: str
    sku: str
    charge_type: str
    quantity: int
    unit_price: Decimal


_M365_E3 = ("Microsoft 365 E3", "Microsoft 365 E3 (annual)")
_M365_BP = ("Microsoft 365 Business Premium", "Microsoft 365 Business Premium (monthly)")
_EXO_P1 = ("Exchange Online (Plan 1)", "Exchange Online (Plan 1) (annual)")
_TEAMS = ("Microsoft Teams Essentials", "Microsoft Teams Essentials (monthly)")
_DEFENDER_ANNUAL = ("Microsoft Defender for Business", "Microsoft Defender for Business (annual)")
_DEFENDER_MONTHLY = ("Microsoft Defender for Business", "Microsoft Defender for Business (monthly)")
_AZURE = ("Azure plan", "Azure plan consumption")

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
