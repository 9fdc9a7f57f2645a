from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from customers.models import Customer

# Partner tenants the seeder ran for, with the customers it found seeded before it.
SEEDED: list[tuple[str, int]] = []


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "sample_area/home.html")


def seed_demo(*, partner_tenant_id: str) -> None:
    seen = Customer.objects.filter(partner_tenant_id=partner_tenant_id).count()
    SEEDED.append((partner_tenant_id, seen))
