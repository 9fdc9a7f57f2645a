import csv
import datetime as dt
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.models import AccessDecision
from conftest import FABRIKAM_TENANT_ID

pytestmark = pytest.mark.django_db

UPN = "security.admin@contoso.com"
PAGE = "/security/requirements"
C = AccessDecision.Channel
K = AccessDecision.TokenKind


@pytest.fixture
def contoso(sign_in):
    return sign_in(roles=("SecurityAdmin",), upn=UPN)


def _decision(
    identity, *, channel=C.PORTAL, kind=None, principal=None, mfa=True, operation="billing",
    ago=dt.timedelta(hours=1), tenant=None,
) -> AccessDecision:
    return AccessDecision.objects.create(
        created_at=timezone.now() - ago, partner_tenant_id=tenant or identity.tenant_id,
        channel=channel, token_kind=kind or (K.BROWSER if channel == C.PORTAL else K.APP_USER),
        principal=principal or identity.upn, object_id="oid", app_id="app",
        operation=operation, mfa=mfa, result="allowed", status_code=200,
    )


def _seed(identity) -> None:
    """Portal: 3 with MFA, 1 without (John). API: 1 of 4 App+User with MFA, 2 app-only."""
    for _ in range(3):
        _decision(identity)
    _decision(identity, principal="john@contoso.com", mfa=False, operation="customers")
    _decision(identity, channel=C.API, operation="customers.list")
    for _ in range(3):
        _decision(identity, channel=C.API, principal="svc@contoso.com", mfa=False,
                  operation="customers.list", ago=dt.timedelta(days=1))
    for _ in range(2):
        _decision(identity, channel=C.API, kind=K.APP_ONLY, principal="app-id", mfa=False)
    # Another partner's, and outside the default period: never counted here.
    _decision(identity, principal="x@fabrikam.com", mfa=False, tenant=FABRIKAM_TENANT_ID)
    _decision(identity, principal="old@contoso.com", mfa=False, ago=dt.timedelta(days=45))


def _testid(html: str, testid: str) -> str:
    """The opening tag of the element with ``testid``."""
    return re.search(rf'<[^>]*data-testid="{testid}"[^>]*>', html).group(0)


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_home_links_to_the_requirements_status_and_keeps_its_notice(client, contoso):
    html = client.get(reverse("security:home")).content.decode()

    assert 'data-testid="security-requirements"' in html
    assert f'href="{PAGE}" data-testid="mfa-compliance-link"' in html


def test_page_shows_both_shares_with_their_counts(client, contoso):
    _seed(contoso)

    response = client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 data-testid="area-title">Security requirements status</h1>' in html
    assert 'data-testid="mfa-compliance"' in html
    portal = _testid(html, "portal-mfa-share")
    assert 'data-with-mfa="3" data-total="4"' in portal
    assert "75%" in html
    assert "3 of 4 requests with MFA" in html
    api = _testid(html, "api-mfa-share")
    assert 'data-with-mfa="1" data-total="4"' in api  # app-only left out
    assert "25%" in html
    assert "1 of 4 App+User calls with MFA" in html
    assert 'data-count="2"' in _testid(html, "app-only-count")
    assert "2 app-only calls, not counted above" in html


def test_page_lists_the_users_without_mfa(client, contoso):
    _seed(contoso)

    html = client.get(PAGE).content.decode()

    assert 'data-testid="principals-without-mfa"' in html
    assert html.count('data-testid="principal-row"') == 2
    assert "john@contoso.com" in html
    assert "svc@contoso.com" in html
    assert "<code>customers.list</code>" in html
    assert "app-id" not in html  # app-only: no user, so no MFA to miss
    assert "x@fabrikam.com" not in html
    assert "old@contoso.com" not in html


def test_page_draws_one_bar_group_per_day_as_svg_without_script_or_inline_style(
    client, contoso
):
    _seed(contoso)

    html = client.get(PAGE).content.decode()

    assert '<svg class="pc-chart" data-testid="daily-chart"' in html
    assert html.count('data-testid="daily-bar"') == 30
    today = timezone.now().astimezone(dt.UTC).date().isoformat()
    bars = re.findall(r'<g data-testid="daily-bar"[^>]*>', html)
    assert f'data-date="{today}"' in bars[-1]
    assert 'data-portal-with-mfa="3" data-portal-without-mfa="1"' in bars[-1]
    assert 'data-api-with-mfa="1" data-api-without-mfa="0"' in bars[-1]
    assert 'data-api-with-mfa="0" data-api-without-mfa="3"' in bars[-2]
    assert '<rect class="portal-no-mfa"' in html
    # The CSP (default-src 'self') would block these: the chart must not need them.
    assert "<script" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_zero_requests_say_so_rather_than_zero_percent(client, contoso):
    html = client.get(PAGE).content.decode()

    assert 'data-with-mfa="0" data-total="0"' in _testid(html, "portal-mfa-share")
    assert "No requests yet in this period." in html
    assert "No App+User calls yet in this period." in html
    assert "0%" not in html
    assert 'data-count="0"' in _testid(html, "app-only-count")
    assert "No requests without MFA in this period." in html
    assert html.count('data-testid="daily-bar"') == 30
    assert "<rect" not in html


@pytest.mark.parametrize(("query", "days"), [
    ("", 30), ("?days=7", 7), ("?days=30", 30), ("?days=90", 90),
    ("?days=abc", 30), ("?days=-1", 30), ("?days=0", 30), ("?days=99999999999", 30),
    ("?days=7&days=90", 90), ("?days=7.0", 30), ("?days=%207", 30),
])
def test_period_links_and_bad_periods_fall_back_to_the_default(client, contoso, query, days):
    response = client.get(PAGE + query)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="daily-bar"') == days
    assert 'aria-current="page"' in _testid(html, f"period-{days}")
    for other in {7, 30, 90} - {days}:
        assert f'href="?days={other}"' in _testid(html, f"period-{other}")
    for figure in ("portal", "api", "principals", "daily"):
        assert f"/security/requirements/{figure}.csv?days={days}" in _testid(
            html, f"csv-{figure}"
        )


def test_the_period_narrows_the_figures(client, contoso):
    _decision(contoso, mfa=False, ago=dt.timedelta(days=10))
    _decision(contoso, mfa=True)

    week = client.get(PAGE + "?days=7").content.decode()
    month = client.get(PAGE + "?days=30").content.decode()

    assert 'data-with-mfa="1" data-total="1"' in _testid(week, "portal-mfa-share")
    # This month: the two above, and the visit of the week's page just before.
    assert 'data-with-mfa="2" data-total="3"' in _testid(month, "portal-mfa-share")


def test_portal_csv_is_a_download_of_the_periods_portal_rows(client, contoso):
    _seed(contoso)

    response = client.get(f"{PAGE}/portal.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="mfa-portal-\d{8}-\d{8}\.csv"', response["Content-Disposition"]
    )
    rows = _csv(response)
    assert list(rows[0]) == ["Time", "Channel", "TokenKind", "Principal", "ObjectId", "AppId",
                             "Operation", "Mfa", "Result", "StatusCode"]
    assert len(rows) == 4
    assert {r["Channel"] for r in rows} == {"portal"}
    assert sorted(r["Mfa"] for r in rows) == ["false", "true", "true", "true"]


def test_api_csv_holds_app_user_and_app_only_calls(client, contoso):
    _seed(contoso)

    rows = _csv(client.get(f"{PAGE}/api.csv"))

    assert len(rows) == 6
    assert sorted(r["TokenKind"] for r in rows) == ["app+user"] * 4 + ["app-only"] * 2


def test_principals_and_daily_csv(client, contoso):
    _seed(contoso)

    daily = _csv(client.get(f"{PAGE}/daily.csv?days=7"))
    principals = _csv(client.get(f"{PAGE}/principals.csv"))

    assert {(r["Principal"], r["Channel"], r["RequestsWithoutMfa"]) for r in principals} == {
        ("john@contoso.com", "portal", "1"), ("svc@contoso.com", "api", "3"),
    }
    assert list(daily[0]) == ["Date", "PortalWithMfa", "PortalWithoutMfa",
                              "ApiAppUserWithMfa", "ApiAppUserWithoutMfa"]
    assert len(daily) == 7
    assert daily[-1]["PortalWithMfa"] == "3"
    assert daily[-2]["ApiAppUserWithoutMfa"] == "3"


def test_csv_neutralises_spreadsheet_formulas(client, contoso):
    _decision(contoso, principal='=HYPERLINK("http://evil.example","x")', mfa=False,
              operation="@SUM(1+1)")

    portal = _csv(client.get(f"{PAGE}/portal.csv"))
    principals = _csv(client.get(f"{PAGE}/principals.csv"))

    evil = next(r for r in portal if "evil" in r["Principal"])
    assert evil["Principal"] == '\'=HYPERLINK("http://evil.example","x")'
    assert evil["Operation"] == "'@SUM(1+1)"
    assert principals[0]["Principal"].startswith("'=")
    assert principals[0]["Operations"] == "'@SUM(1+1)"


def test_csv_of_another_partner_and_unknown_figures(client, sign_in):
    fabrikam = sign_in(tenant_id=FABRIKAM_TENANT_ID, upn="admin.agent@fabrikam.com")
    _decision(fabrikam, principal="john@fabrikam.com", mfa=False)
    sign_in(roles=("SecurityAdmin",), upn=UPN)

    assert _csv(client.get(f"{PAGE}/portal.csv")) == []
    assert client.get(f"{PAGE}/nothing.csv").status_code == 404
    assert client.post(f"{PAGE}/portal.csv").status_code == 405


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}/portal.csv", f"{PAGE}/daily.csv"])
def test_a_sales_agent_is_refused(client, sign_in, path):
    sign_in(roles=("SalesAgent",), mfa=True, upn="sales.agent@contoso.com")

    response = client.get(path)

    assert response.status_code == 403
    assert b'data-testid="access-denied"' in response.content


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}/api.csv"])
def test_without_mfa_the_page_asks_for_step_up_first(client, sign_in, path):
    sign_in(roles=("AdminAgent",), mfa=False)

    response = client.get(path)

    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "next": [path], "stepup": ["mfa"],
    }


def test_admin_agent_may_open_it_too(client, sign_in):
    sign_in(roles=("AdminAgent",), mfa=True)

    assert client.get(PAGE).status_code == 200


def test_the_page_counts_its_own_earlier_visits(client, contoso):
    # The portal records every visit: the second view shows the first.
    client.get(PAGE)

    html = client.get(PAGE).content.decode()

    assert 'data-with-mfa="1" data-total="1"' in _testid(html, "portal-mfa-share")
    assert "100%" in html


def test_page_in_korean(client, contoso):
    _seed(contoso)

    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert '<h1 data-testid="area-title">보안 요구 사항 상태</h1>' in html
    assert "MFA 규정 준수" in html
    assert "Security requirements status" not in html
    assert "포털" in html
