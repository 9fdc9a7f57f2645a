"""The journey trace's pages: the full trace, its JSON export, and "Clear" (POST, CSRF)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journeytrace import selectors, services


@require_GET
@never_cache  # the trace names the user and the tenant: not for a shared cache or the back button
def trace_page(request: HttpRequest) -> HttpResponse:
    steps = selectors.trace_shown(steps=selectors.trace_steps(request=request))
    return render(request, "journeytrace/trace.html", {"steps": steps})


@require_GET
@never_cache
def trace_export(request: HttpRequest) -> HttpResponse:
    steps = selectors.trace_shown(steps=selectors.trace_steps(request=request))
    body = {"exported_at": timezone.now().isoformat(timespec="seconds"), "steps": steps}
    response = HttpResponse(
        json.dumps(body, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="journey-trace.json"'
    return response


@require_POST
def trace_clear(request: HttpRequest) -> HttpResponse:
    services.trace_clear(request=request)
    return HttpResponseRedirect(reverse("trace:page"), status=303)
