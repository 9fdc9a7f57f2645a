from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compliance import selectors as compliance
from compliance.models import AccessDecision
from compliance.selectors import Period
from portal import areas
from portal.csvfile import csv_download
from security import charts, selectors, services
from security.models import FraudEvent


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.fraud_event_active_counts(partner_tenant_id=request.identity.tenant_id)
    return render(
        request,
        "security/home.html",
        {
            "active_counts": [
                (FraudEvent.Severity(severity), count) for severity, count in counts.items()
            ],
            "active_total": sum(counts.values()),
            "mfa_areas": [area for area in areas.navigation_areas() if area.mfa],
        },
    )


@require_GET
def fraud_events(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "security/fraud_event_list.html",
        {"events": selectors.fraud_event_list(partner_tenant_id=request.identity.tenant_id)},
    )


@require_POST
def fraud_event_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        event, resolved_now = services.fraud_event_resolve(
            partner_tenant_id=request.identity.tenant_id,
            event_id=pk,
            resolved_by_upn=request.identity.upn,
        )
    except FraudEvent.DoesNotExist:
        raise Http404("No such fraud event.") from None
    if resolved_now:
        messages.success(
            request, _("Fraud event for %(customer)s resolved.") % {"customer": event.customer_name}
        )
    else:
        messages.info(
            request,
            _("This fraud event was already resolved by %(upn)s.")
            % {"upn": event.resolved_by_upn or _("someone else")},
        )
    return redirect("security:fraud_events")


_PERIODS = {str(days): days for days in compliance.PERIOD_DAYS}


def _period(request: HttpRequest) -> Period:
    # Anything but one of the offered periods (a typo, a fuzzer's junk) gets the default period
    # rather than an error: the figures are still right for the period the page says it shows.
    days = _PERIODS.get(request.GET.get("days", ""), compliance.DEFAULT_PERIOD_DAYS)
    return Period.last(days=days)


@require_GET
def requirements(request: HttpRequest) -> HttpResponse:
    tenant = request.identity.tenant_id
    period = _period(request)
    return render(
        request,
        "security/requirements.html",
        {
            "period": period,
            "periods": compliance.PERIOD_DAYS,
            "portal_share": compliance.portal_mfa_share_get(
                partner_tenant_id=tenant, period=period
            ),
            "api_share": compliance.api_mfa_share_get(partner_tenant_id=tenant, period=period),
            "principals": compliance.principal_without_mfa_list(
                partner_tenant_id=tenant, period=period
            ),
            "chart": charts.daily_chart(
                days=compliance.daily_mfa_count_list(partner_tenant_id=tenant, period=period)
            ),
        },
    )


# The rows behind each figure of the requirements page: figure -> (columns, rows selector).
_CSV_FILES: dict[str, tuple[tuple[str, ...], Callable[..., Iterable[Mapping[str, object]]]]] = {
    "portal": (
        compliance.DECISION_COLUMNS,
        partial(compliance.decision_rows, channel=AccessDecision.Channel.PORTAL),
    ),
    "api": (
        compliance.DECISION_COLUMNS,
        partial(compliance.decision_rows, channel=AccessDecision.Channel.API),
    ),
    "principals": (compliance.PRINCIPAL_COLUMNS, compliance.principal_rows),
    "daily": (compliance.DAILY_COLUMNS, compliance.daily_rows),
}


@require_GET
def requirements_csv(request: HttpRequest, figure: str) -> HttpResponse:
    if figure not in _CSV_FILES:
        raise Http404("No such download.")
    columns, rows_for = _CSV_FILES[figure]
    period = _period(request)
    return csv_download(
        filename=f"mfa-{figure}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        columns=columns,
        rows=rows_for(partner_tenant_id=request.identity.tenant_id, period=period),
    )
