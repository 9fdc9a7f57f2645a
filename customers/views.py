from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from customers import selectors
from customers.models import Customer


@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    customers = selectors.customer_list(partner_tenant_id=request.identity.tenant_id)
    return render(request, "customers/customer_list.html", {"customers": customers})


@require_GET
def customer_detail(request: HttpRequest, customer_tenant_id: uuid.UUID) -> HttpResponse:
    customer = selectors.customer_get(
        partner_tenant_id=request.identity.tenant_id, customer_tenant_id=customer_tenant_id
    )
    if customer is None:
        raise Http404
    delegated = customer.relationship in (Customer.Relationship.GDAP, Customer.Relationship.DAP)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "subscriptions": selectors.subscription_list(customer=customer),
            # Service management: only a delegated-admin relationship lets agents in.
            "admin_center_url": settings.ADMIN_CENTER_URL.format(
                tenant_id=customer.customer_tenant_id
            ) if delegated else None,
        },
    )


@require_GET
def customer_home(request: HttpRequest, customer_tenant_id: uuid.UUID) -> HttpResponse:
    # Partner Center opens a customer on its subscriptions tab.
    return redirect("customers:detail", customer_tenant_id=customer_tenant_id)


def not_found(request: HttpRequest) -> HttpResponse:
    """Any other page under /commerce/: a 404, once the policy has let the user in."""
    raise Http404("No such page.")
