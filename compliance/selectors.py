"""Reads of the compliance records: the MFA compliance figures of the Security workspace.

Every selector is scoped to one partner tenant and one ``Period``. App-only API calls
(client credentials) are never counted as "without MFA": no user signed in, so MFA cannot apply
and Partner Center does not ask for it. They are counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from compliance.models import AccessDecision

Channel = AccessDecision.Channel
TokenKind = AccessDecision.TokenKind

PERIOD_DAYS: tuple[int, ...] = (7, 30, 90)
DEFAULT_PERIOD_DAYS = 30


@dataclass(frozen=True)
class Period:
    """The last ``days`` calendar days (UTC), today included, up to ``end``.

    Whole days rather than "now minus N x 24 hours", so the daily series has exactly ``days``
    bars and every figure counts the same rows as the chart and the CSV files.
    """

    days: int
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def last(cls, *, days: int = DEFAULT_PERIOD_DAYS, now: dt.datetime | None = None) -> Period:
        end = (now or timezone.now()).astimezone(dt.UTC)
        first_day = end.date() - dt.timedelta(days=days - 1)
        return cls(days=days, start=dt.datetime.combine(first_day, dt.time.min, dt.UTC), end=end)

    @property
    def dates(self) -> list[dt.date]:
        return [self.start.date() + dt.timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True)
class MfaShare:
    with_mfa: int
    total: int

    @property
    def without_mfa(self) -> int:
        return self.total - self.with_mfa

    @property
    def percent(self) -> int | None:
        """Whole percent with MFA, or None when there were no requests ("no requests yet").

        Rounded down, so that 100% means every request: 999 of 1000 must not read as compliant.
        """
        if not self.total:
            return None
        return self.with_mfa * 100 // self.total


@dataclass(frozen=True)
class ApiMfaShare(MfaShare):
    """App+User calls with and without MFA; app-only calls, outside the share, as a count."""

    app_only: int


@dataclass(frozen=True)
class PrincipalWithoutMfa:
    principal: str
    channel: str
    last_seen: dt.datetime
    requests: int  # requests without MFA in the period
    operations: list[str] = field(default_factory=list)

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label


@dataclass(frozen=True)
class DailyMfaCount:
    day: dt.date
    portal_with_mfa: int = 0
    portal_without_mfa: int = 0
    api_with_mfa: int = 0  # App+User only
    api_without_mfa: int = 0

    @property
    def portal_total(self) -> int:
        return self.portal_with_mfa + self.portal_without_mfa

    @property
    def api_total(self) -> int:
        return self.api_with_mfa + self.api_without_mfa


def _decisions(*, partner_tenant_id: str, period: Period) -> QuerySet[AccessDecision]:
    # Served by the (partner_tenant_id, created_at) index.
    return AccessDecision.objects.filter(
        partner_tenant_id=partner_tenant_id,
        created_at__gte=period.start,
        created_at__lte=period.end,
    ).order_by()


def portal_mfa_share_get(*, partner_tenant_id: str, period: Period) -> MfaShare:
    """Portal requests of signed-in users in ``period``: how many had MFA, of how many."""
    counts = _decisions(partner_tenant_id=partner_tenant_id, period=period).filter(
        channel=Channel.PORTAL
    ).aggregate(total=Count("id"), with_mfa=Count("id", filter=Q(mfa=True)))
    return MfaShare(with_mfa=counts["with_mfa"], total=counts["total"])


def api_mfa_share_get(*, partner_tenant_id: str, period: Period) -> ApiMfaShare:
    """API calls in ``period``: App+User with MFA, of all App+User; app-only apart."""
    app_user = Q(token_kind=TokenKind.APP_USER)
    counts = _decisions(partner_tenant_id=partner_tenant_id, period=period).filter(
        channel=Channel.API
    ).aggregate(
        total=Count("id", filter=app_user),
        with_mfa=Count("id", filter=app_user & Q(mfa=True)),
        app_only=Count("id", filter=Q(token_kind=TokenKind.APP_ONLY)),
    )
    return ApiMfaShare(
        with_mfa=counts["with_mfa"], total=counts["total"], app_only=counts["app_only"]
    )


def principal_without_mfa_list(
    *, partner_tenant_id: str, period: Period
) -> list[PrincipalWithoutMfa]:
    """Users who made requests without MFA in ``period``, one row per user and channel.

    Most recently seen first; ``operations`` are the areas (portal) or API operations asked for.
    """
    without_mfa = _decisions(partner_tenant_id=partner_tenant_id, period=period).filter(
        mfa=False
    ).exclude(token_kind=TokenKind.APP_ONLY)
    operations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for principal, channel, operation in without_mfa.values_list(
        "principal", "channel", "operation"
    ).distinct():
        operations[principal, channel].add(operation)
    rows = (
        without_mfa.values("principal", "channel")
        .annotate(last_seen=Max("created_at"), requests=Count("id"))
        .order_by("-last_seen", "principal", "channel")
    )
    return [
        PrincipalWithoutMfa(
            principal=row["principal"],
            channel=row["channel"],
            last_seen=row["last_seen"],
            requests=row["requests"],
            operations=sorted(operations[row["principal"], row["channel"]]),
        )
        for row in rows
    ]


_DAILY_FIELDS = {
    (Channel.PORTAL, True): "portal_with_mfa",
    (Channel.PORTAL, False): "portal_without_mfa",
    (Channel.API, True): "api_with_mfa",
    (Channel.API, False): "api_without_mfa",
}


def daily_mfa_count_list(*, partner_tenant_id: str, period: Period) -> list[DailyMfaCount]:
    """One entry per day of ``period`` (UTC), oldest first, days without requests included."""
    counted = (
        _decisions(partner_tenant_id=partner_tenant_id, period=period)
        .exclude(token_kind=TokenKind.APP_ONLY)
        .annotate(day=TruncDate("created_at", tzinfo=dt.UTC))
        .values("day", "channel", "mfa")
        .annotate(count=Count("id"))
        .values_list("day", "channel", "mfa", "count")
    )
    by_day: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for day, channel, mfa, count in counted:
        by_day[day][_DAILY_FIELDS[channel, mfa]] = count
    return [DailyMfaCount(day=day, **by_day.get(day, {})) for day in period.dates]


# The CSV files behind each figure. Column names are stable (QA and spreadsheets rely on them),
# values are not escaped here: portal.csvfile does that.
DECISION_COLUMNS: tuple[str, ...] = (
    "Time", "Channel", "TokenKind", "Principal", "ObjectId", "AppId", "Operation", "Mfa",
    "Result", "StatusCode",
)
PRINCIPAL_COLUMNS: tuple[str, ...] = (
    "Principal", "Channel", "LastSeen", "RequestsWithoutMfa", "Operations",
)
DAILY_COLUMNS: tuple[str, ...] = (
    "Date", "PortalWithMfa", "PortalWithoutMfa", "ApiAppUserWithMfa", "ApiAppUserWithoutMfa",
)


def decision_rows(
    *, partner_tenant_id: str, period: Period, channel: str
) -> Iterator[dict[str, object]]:
    """Every decision of ``channel`` in ``period``, oldest first, keyed by ``DECISION_COLUMNS``."""
    decisions = (
        _decisions(partner_tenant_id=partner_tenant_id, period=period)
        .filter(channel=channel)
        .order_by("created_at", "id")
    )
    for decision in decisions.iterator():
        yield {
            "Time": decision.created_at.astimezone(dt.UTC).isoformat(),
            "Channel": decision.channel,
            "TokenKind": decision.token_kind,
            "Principal": decision.principal,
            "ObjectId": decision.object_id,
            "AppId": decision.app_id,
            "Operation": decision.operation,
            "Mfa": "true" if decision.mfa else "false",
            "Result": decision.result,
            "StatusCode": decision.status_code,
        }


def principal_rows(*, partner_tenant_id: str, period: Period) -> list[dict[str, object]]:
    """``principal_without_mfa_list`` keyed by ``PRINCIPAL_COLUMNS``."""
    return [
        {
            "Principal": row.principal,
            "Channel": row.channel,
            "LastSeen": row.last_seen.astimezone(dt.UTC).isoformat(),
            "RequestsWithoutMfa": row.requests,
            "Operations": ", ".join(row.operations),
        }
        for row in principal_without_mfa_list(partner_tenant_id=partner_tenant_id, period=period)
    ]


def daily_rows(*, partner_tenant_id: str, period: Period) -> list[dict[str, object]]:
    """``daily_mfa_count_list`` keyed by ``DAILY_COLUMNS``."""
    return [
        {
            "Date": day.day.isoformat(),
            "PortalWithMfa": day.portal_with_mfa,
            "PortalWithoutMfa": day.portal_without_mfa,
            "ApiAppUserWithMfa": day.api_with_mfa,
            "ApiAppUserWithoutMfa": day.api_without_mfa,
        }
        for day in daily_mfa_count_list(partner_tenant_id=partner_tenant_id, period=period)
    ]
