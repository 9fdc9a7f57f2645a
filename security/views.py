from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal import policy
from security import selectors, services
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
            "mfa_areas": [area for area in policy.AREAS if area.mfa],
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
