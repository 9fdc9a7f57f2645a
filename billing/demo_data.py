"""Demo content for the Billing tab: the charges of the three invoices each partner is given.

A charge names the subscription it bills by its key in the Customers area's demo data
(``customers.demo_data``), never by position; the invoice line keeps that subscription's
customer (name and tenant id) and product as plain values, as a reconciliation file does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_noop as N_

from customers.demo_data import demo_subscription, demo_subscription_customer
from customers.models import Subscription

F = Subscription.BillingFrequency

# Product names stay as Microsoft writes them in every language; the SKU descriptions are
# stored in English (the reconciliation file's) and shown translated (InvoiceLine.sku_display).
# One per catalog SKU and term of the subscriptions billed below.
_SKU_TEXTS: dict[tuple[str, str], str] = {
    ("SPE_E3", F.ANNUAL): N_("Microsoft 365 E3 (annual)"),
    ("SPB", F.MONTHLY): N_("Microsoft 365 Business Premium (monthly)"),
    ("EXCHANGESTANDARD", F.ANNUAL): N_("Exchange Online (Plan 1) (annual)"),
    ("TEAMS_ESSENTIALS", F.MONTHLY): N_("Microsoft Teams Essentials (monthly)"),
    ("MDB", F.ANNUAL): N_("Microsoft Defender for Business (annual)"),
    ("MDB", F.MONTHLY): N_("Microsoft Defender for Business (monthly)"),
    ("DZH318Z0BPS6", F.MONTHLY): N_("Azure plan consumption"),
}
SEEDED_SKU_TEXTS = frozenset(_SKU_TEXTS.values())


class DemoCharge(NamedTuple):
    subscription: str  # the key of a demo subscription (customers.demo_data)
    charge_type: str
    quantity: int
    unit_price: Decimal

    @property
    def customer_name(self) -> str:
        return demo_subscription_customer(self.subscription).company_name

    @property
    def customer_tenant_id(self) -> str:
        return demo_subscription_customer(self.subscription).customer_tenant_id

    @property
    def product(self) -> str:
        return demo_subscription(self.subscription).offer_name

    @property
    def sku(self) -> str:
        subscription = demo_subscription(self.subscription)
        return _SKU_TEXTS[subscription.sku, subscription.billing_frequency]


# Charges of the three seeded invoices, newest first, at list prices (monthly terms cost 20%
# more). Quantities are the seats billed that month, not necessarily today's.
INVOICE_CHARGES: tuple[tuple[DemoCharge, ...], ...] = (
    (
        DemoCharge("adatum-m365-e3", "cycleCharge", 250, Decimal("36.00")),
        DemoCharge("adatum-azure-plan", "cycleCharge", 1, Decimal("1284.37")),
        DemoCharge("adatum-defender-for-business", "cycleCharge", 250, Decimal("3.00")),
        DemoCharge("northwind-m365-business-premium", "cycleCharge", 48, Decimal("26.40")),
        DemoCharge("tailspin-teams-essentials", "new", 5, Decimal("4.80")),
        DemoCharge("relecloud-azure-plan", "cycleCharge", 1, Decimal("612.90")),
        DemoCharge("woodgrove-m365-e3", "cycleCharge", 1200, Decimal("36.00")),
        DemoCharge("woodgrove-azure-plan", "cycleCharge", 1, Decimal("5310.12")),
    ),
    (
        DemoCharge("adatum-m365-e3", "cycleCharge", 250, Decimal("36.00")),
        DemoCharge("adatum-azure-plan", "cycleCharge", 1, Decimal("1120.54")),
        DemoCharge("northwind-m365-business-premium", "cycleCharge", 48, Decimal("26.40")),
        DemoCharge("northwind-exchange-online-p1", "renew", 12, Decimal("4.00")),
        DemoCharge("tailspin-defender-for-business", "cycleCharge", 15, Decimal("3.60")),
        DemoCharge("woodgrove-azure-plan", "cycleCharge", 1, Decimal("4987.65")),
    ),
    (
        DemoCharge("adatum-m365-e3", "new", 250, Decimal("36.00")),
        DemoCharge("northwind-m365-business-premium", "addQuantity", 8, Decimal("26.40")),
        DemoCharge("northwind-m365-business-premium", "cycleCharge", 40, Decimal("26.40")),
        DemoCharge("woodgrove-m365-e3", "cycleCharge", 1200, Decimal("36.00")),
    ),
)
