from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from portal import policy, selectors


@require_GET
def welcome(request: HttpRequest) -> HttpResponse:
    if request.identity is not None:
        return redirect("overview:home")
    return render(request, "portal/welcome.html")


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/overview.html")


@require_GET
def service_health(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/service_health.html", {"events": selectors.service_health_list()}
    )


@require_GET
def access_matrix(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/access_matrix.html", {"areas": policy.AREAS, "roles": list(policy.Role)}
    )
