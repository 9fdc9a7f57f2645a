import datetime as dt

import pytest

from compliance.models import AccessDecision
from compliance.selectors import (
    DAILY_COLUMNS,
    DECISION_COLUMNS,
    ApiMfaShare,
    MfaShare,
    Period,
    api_mfa_share_get,
    daily_mfa_count_list,
    daily_rows,
    decision_rows,
    portal_mfa_share_get,
    principal_rows,
    principal_without_mfa_list,
)
from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
C = AccessDecision.Channel
K = AccessDecision.TokenKind


def _decision(
    *, channel=C.PORTAL, kind=None, principal="alejandra@contoso.com", mfa=True,
    operation="billing", ago=dt.timedelta(hours=1), tenant=CONTOSO_TENANT_ID,
    result=AccessDecision.Result.ALLOWED, status_code=200,
) -> AccessDecision:
    kind = kind or (K.BROWSER if channel == C.PORTAL else K.APP_USER)
    return AccessDecision.objects.create(
        created_at=NOW - ago, partner_tenant_id=tenant, channel=channel, token_kind=kind,
        principal=principal, object_id="oid-" + principal, app_id="app", operation=operation,
        mfa=mfa, result=result, status_code=status_code,
    )


def _period(days: int = 30) -> Period:
    return Period.last(days=days, now=NOW)


def test_period_is_whole_utc_days_today_included():
    period = Period.last(days=7, now=NOW)

    assert period.start == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    assert period.end == NOW
    assert len(period.dates) == 7
    assert period.dates[0] == dt.date(2026, 11, 20)
    assert period.dates[-1] == dt.date(2026, 11, 26)


def test_portal_share_counts_with_mfa_of_all_portal_requests():
    _decision(mfa=True)
    _decision(mfa=True, principal="admin@contoso.com")
    _decision(mfa=False, principal="john@contoso.com", result="mfa_required", status_code=302)
    _decision(channel=C.API, mfa=False)  # the API's are not the portal's

    share = portal_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period())

    assert share == MfaShare(with_mfa=2, total=3)
    assert share.without_mfa == 1
    assert share.percent == 66  # rounded down: 66.7% is not 67% compliant


def test_a_percent_of_100_means_every_request():
    for _ in range(199):
        _decision(mfa=True)
    _decision(mfa=False)

    share = portal_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period())

    assert share.percent == 99
    assert MfaShare(with_mfa=3, total=3).percent == 100


def test_no_requests_is_no_percent_rather_than_zero():
    share = portal_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period())
    api = api_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period())

    assert share == MfaShare(with_mfa=0, total=0)
    assert share.percent is None
    assert api.percent is None
    assert api.app_only == 0


def test_api_share_leaves_app_only_calls_out_of_the_denominator():
    _decision(channel=C.API, mfa=True)
    _decision(channel=C.API, mfa=False, result="mfa_required", status_code=401)
    _decision(channel=C.API, kind=K.APP_ONLY, principal="app-id", mfa=False)
    _decision(channel=C.API, kind=K.APP_ONLY, principal="app-id", mfa=False)
    _decision(channel=C.API, kind=K.APP_ONLY, principal="app-id", mfa=False)

    share = api_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period())

    assert share == ApiMfaShare(with_mfa=1, total=2, app_only=3)
    assert share.percent == 50


def test_figures_are_scoped_to_the_tenant_and_the_period():
    _decision(mfa=True)
    _decision(mfa=False, tenant=FABRIKAM_TENANT_ID, principal="john@fabrikam.com")
    _decision(mfa=False, ago=dt.timedelta(days=10))  # inside 30 days, outside 7
    _decision(mfa=False, ago=dt.timedelta(days=40))  # outside every period but 90 days

    assert portal_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period(7)) == (
        MfaShare(with_mfa=1, total=1)
    )
    assert portal_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period(30)) == (
        MfaShare(with_mfa=1, total=2)
    )
    assert portal_mfa_share_get(partner_tenant_id=CONTOSO_TENANT_ID, period=_period(90)) == (
        MfaShare(with_mfa=1, total=3)
    )
    assert portal_mfa_share_get(partner_tenant_id=FABRIKAM_TENANT_ID, period=_period(7)) == (
        MfaShare(with_mfa=0, total=1)
    )


def test_principals_without_mfa_per_user_and_channel_latest_first():
    _decision(principal="john@contoso.com", mfa=False, operation="billing",
              ago=dt.timedelta(hours=5))
    _decision(principal="john@contoso.com", mfa=False, operation="customers",
              ago=dt.timedelta(hours=4))
    _decision(principal="john@contoso.com", mfa=False, operation="billing",
              ago=dt.timedelta(hours=3))
    _decision(principal="john@contoso.com", mfa=True, operation="security")  # not counted
    _decision(channel=C.API, principal="john@contoso.com", mfa=False, operation="customers.list",
              ago=dt.timedelta(hours=2))
    _decision(channel=C.API, kind=K.APP_ONLY, principal="app-id", mfa=False)  # no user: no MFA
    _decision(principal="alejandra@contoso.com", mfa=True)
    _decision(principal="x@fabrikam.com", mfa=False, tenant=FABRIKAM_TENANT_ID)

    rows = principal_without_mfa_list(partner_tenant_id=CONTOSO_TENANT_ID, period=_period())

    assert [(r.principal, r.channel, r.requests, r.operations) for r in rows] == [
        ("john@contoso.com", "api", 1, ["customers.list"]),
        ("john@contoso.com", "portal", 3, ["billing", "customers"]),
    ]
    assert rows[1].last_seen == NOW - dt.timedelta(hours=3)
    assert str(rows[0].channel_label) == "API"


def test_daily_series_has_every_day_of_the_period_without_app_only():
    _decision(mfa=True, ago=dt.timedelta(hours=1))
    _decision(mfa=False, ago=dt.timedelta(hours=2))
    _decision(channel=C.API, mfa=True, ago=dt.timedelta(days=1))
    _decision(channel=C.API, mfa=False, ago=dt.timedelta(days=1))
    _decision(channel=C.API, mfa=False, ago=dt.timedelta(days=1))
    _decision(channel=C.API, kind=K.APP_ONLY, mfa=False, ago=dt.timedelta(days=1))
    # 23:30 UTC two days ago: counted on that day, whatever the server's clock says.
    _decision(mfa=False, ago=dt.timedelta(days=1, hours=15, minutes=30))

    days = daily_mfa_count_list(partner_tenant_id=CONTOSO_TENANT_ID, period=_period(7))

    assert [d.day for d in days] == _period(7).dates
    today, yesterday, before = days[-1], days[-2], days[-3]
    assert (today.portal_with_mfa, today.portal_without_mfa) == (1, 1)
    assert (today.api_with_mfa, today.api_without_mfa) == (0, 0)
    assert (yesterday.api_with_mfa, yesterday.api_without_mfa) == (1, 2)
    assert yesterday.api_total == 3
    assert (before.day, before.portal_without_mfa) == (dt.date(2026, 11, 24), 1)
    assert all(d.portal_total == d.api_total == 0 for d in days[:-3])


def test_decision_rows_are_the_channels_rows_of_the_period_oldest_first():
    _decision(principal="new@contoso.com", ago=dt.timedelta(hours=1))
    _decision(principal="old@contoso.com", mfa=False, ago=dt.timedelta(days=2),
              result="mfa_required", status_code=302)
    _decision(channel=C.API, principal="api@contoso.com")
    _decision(principal="gone@contoso.com", ago=dt.timedelta(days=60))

    rows = list(decision_rows(
        partner_tenant_id=CONTOSO_TENANT_ID, period=_period(), channel=C.PORTAL
    ))

    assert [r["Principal"] for r in rows] == ["old@contoso.com", "new@contoso.com"]
    assert set(rows[0]) == set(DECISION_COLUMNS)
    assert rows[0]["Mfa"] == "false"
    assert rows[0]["Result"] == "mfa_required"
    assert rows[0]["StatusCode"] == 302
    assert rows[0]["Time"] == "2026-11-24T15:00:00+00:00"


def test_principal_and_daily_rows_follow_their_selectors():
    _decision(principal="john@contoso.com", mfa=False, operation="billing")
    _decision(principal="john@contoso.com", mfa=False, operation="security")

    assert principal_rows(partner_tenant_id=CONTOSO_TENANT_ID, period=_period()) == [{
        "Principal": "john@contoso.com", "Channel": "portal",
        "LastSeen": "2026-11-26T14:00:00+00:00", "RequestsWithoutMfa": 2,
        "Operations": "billing, security",
    }]
    daily = daily_rows(partner_tenant_id=CONTOSO_TENANT_ID, period=_period(7))
    assert len(daily) == 7
    assert set(daily[-1]) == set(DAILY_COLUMNS)
    assert daily[-1]["Date"] == "2026-11-26"
    assert daily[-1]["PortalWithoutMfa"] == 2
