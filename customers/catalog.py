"""The product catalog the partner sells from: products, their SKUs, prices and promotions.

Static data, not a model: the catalog is Microsoft's, not the partner's, so nothing in the
simulator edits it. It holds the SKUs the demo subscriptions use (``customers.demo_data``), so
that an order placed through the API and the seeded subscriptions name the same SKUs and a
license of either can be assigned. Product ids are shaped like Partner Center's new-commerce ids;
prices are plausible, not Microsoft's price list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

MONTHLY = "monthly"
ANNUAL = "annual"
BILLING_CYCLES = (MONTHLY, ANNUAL)

# The countries the catalog is priced in (the demo customers' countries) and their currencies.
CURRENCIES: MappingProxyType[str, str] = MappingProxyType(
    {"US": "USD", "GB": "GBP", "DE": "EUR", "KR": "KRW"}
)
# KRW has no minor unit; prices in it are whole won.
_MINOR_UNIT = {"KRW": Decimal(1)}
_CENTS = Decimal("0.01")
# New commerce charges 20% more for a month-to-month term than for an annual commitment.
_MONTHLY_TERM_PREMIUM = Decimal("1.2")

MIN_QUANTITY = 1
MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class Sku:
    id: str  # also the offer id an order names and the skuId of a license
    product_id: str
    title: str
    description: str
    # Per country: one license's monthly price on an annual commitment, in the local currency.
    base_prices: MappingProxyType[str, Decimal]
    billing_cycles: tuple[str, ...] = BILLING_CYCLES
    # Whether a customer's user can be given a license of it (Azure is billed on usage).
    user_license: bool = True

    def unit_price(self, *, country: str, billing_cycle: str) -> Decimal | None:
        """The price of one license for one billing period; None where it is not sold so."""
        base = self.base_prices.get(country)
        if base is None or billing_cycle not in self.billing_cycles:
            return None
        price = base * 12 if billing_cycle == ANNUAL else base * _MONTHLY_TERM_PREMIUM
        return price.quantize(_MINOR_UNIT.get(CURRENCIES[country], _CENTS))


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    description: str
    product_type: str
    skus: tuple[Sku, ...]


@dataclass(frozen=True)
class Promotion:
    id: str
    name: str
    description: str
    countries: frozenset[str]
    product_id: str
    sku_id: str
    billing_cycle: str
    percent_discount: int
    seat_min: int
    seat_max: int

    def active_period(self, *, today: date) -> tuple[date, date]:
        """The promotion runs for the current calendar year, so the demo never sees it lapse."""
        return date(today.year, 1, 1), date(today.year, 12, 31)


def _prices(us: str, gb: str, de: str, kr: str) -> MappingProxyType[str, Decimal]:
    return MappingProxyType({
        "US": Decimal(us), "GB": Decimal(gb), "DE": Decimal(de), "KR": Decimal(kr),
    })


def _product(
    product_id: str,
    title: str,
    description: str,
    *skus: tuple,
    product_type: str = "OnlineServicesNCE",
) -> Product:
    return Product(
        id=product_id, title=title, description=description, product_type=product_type,
        skus=tuple(Sku(sku_id, product_id, *rest) for sku_id, *rest in skus),
    )


PRODUCTS: tuple[Product, ...] = (
    _product(
        "CFQ7TTC0LFLZ", "Microsoft 365 E3",
        "Office apps, Exchange, SharePoint, Teams, Intune and Entra ID P1 for large organisations.",
        ("SPE_E3", "Microsoft 365 E3", "Per user.", _prices("36.00", "33.00", "33.70", "47300")),
    ),
    _product(
        "CFQ7TTC0LCHC", "Microsoft 365 Business Premium",
        "Office apps, email, Teams and advanced security for up to 300 users.",
        ("SPB", "Microsoft 365 Business Premium", "Per user, up to 300.",
         _prices("22.00", "18.10", "20.60", "28800")),
    ),
    _product(
        "DZH318Z0BPS6", "Azure plan",
        "Azure services billed on what they use.",
        ("DZH318Z0BPS6", "Azure plan", "Usage-based; no license fee.",
         _prices("0", "0", "0", "0"), (MONTHLY,), False),
        product_type="Azure",
    ),
    _product(
        "CFQ7TTC0LH16", "Exchange Online",
        "Business email, calendar and contacts.",
        ("EXCHANGESTANDARD", "Exchange Online (Plan 1)", "50 GB mailbox per user.",
         _prices("4.00", "3.30", "3.70", "5300")),
        ("EXCHANGEENTERPRISE", "Exchange Online (Plan 2)", "100 GB mailbox and archiving.",
         _prices("8.00", "6.60", "7.50", "10500")),
    ),
    _product(
        "CFQ7TTC0HCHP", "Microsoft Defender for Business",
        "Endpoint protection for businesses with up to 300 users.",
        ("MDB", "Microsoft Defender for Business", "Per user, up to 300.",
         _prices("3.00", "2.50", "2.80", "3900")),
    ),
    _product(
        "CFQ7TTC0RM8K", "Microsoft Teams Essentials",
        "Meetings, chat and file sharing for small businesses.",
        ("TEAMS_ESSENTIALS", "Microsoft Teams Essentials", "Per user.",
         _prices("4.00", "3.30", "3.70", "5300")),
    ),
)

PROMOTIONS: tuple[Promotion, ...] = (
    Promotion(
        "39NFJQT1Q5KL:0001", "Microsoft 365 E3 annual 15% off",
        "15% off the first annual term of Microsoft 365 E3 billed annually.",
        frozenset(CURRENCIES), "CFQ7TTC0LFLZ", "SPE_E3", ANNUAL, 15, 1, 2400,
    ),
    Promotion(
        "39NFJQT1Q5KL:0002", "Teams Essentials monthly 20% off",
        "20% off Microsoft Teams Essentials on monthly billing for small businesses.",
        frozenset({"US", "GB"}), "CFQ7TTC0RM8K", "TEAMS_ESSENTIALS", MONTHLY, 20, 1, 300,
    ),
    Promotion(
        "39NFJQT1Q5KL:0003", "Defender for Business annual 10% off (Korea)",
        "10% off Microsoft Defender for Business billed annually, Korean customers only.",
        frozenset({"KR"}), "CFQ7TTC0HCHP", "MDB", ANNUAL, 10, 1, 300,
    ),
)

_PRODUCTS_BY_ID = {product.id: product for product in PRODUCTS}
_SKUS_BY_ID = {sku.id: sku for product in PRODUCTS for sku in product.skus}


def country_currency(*, country: str | None) -> str | None:
    """The currency the catalog is priced in for ``country``; None for a country it has no
    prices for."""
    return CURRENCIES.get(country or "")


def product_list() -> tuple[Product, ...]:
    return PRODUCTS


def product_get(*, product_id: str) -> Product | None:
    return _PRODUCTS_BY_ID.get(product_id)


def sku_get(*, sku_id: str) -> Sku | None:
    """The SKU an order's ``offerId`` or a license's ``skuId`` names, or None."""
    return _SKUS_BY_ID.get(sku_id)


def promotion_list(*, country: str) -> list[Promotion]:
    return [promotion for promotion in PROMOTIONS if country in promotion.countries]
