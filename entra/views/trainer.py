"""The trainer's page of the mock Entra ID: each tenant's MFA set-up, switchable live.

Demo mode only (``ENTRA["TRAINER_PAGES_ENABLED"]``): it changes tenant security settings
without signing in, which is what a trainer in front of a room needs and what nothing else may
have. The QA API offers the same switches to scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from entra import demo_data, selectors, services
from entra.models import Tenant


def trainer_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.ENTRA["TRAINER_PAGES_ENABLED"]:
            raise Http404("The trainer's pages are off.")
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


@trainer_page
@require_GET
def tenants(request: HttpRequest) -> HttpResponse:
    return render(
        request, "entra/trainer/tenants.html",
        {
            "tenants": Tenant.objects.all(),
            "integrations": Tenant.ThirdPartyMfa.choices,
            "behaviors": Tenant.FederatedIdpMfaBehavior.choices,
            # Each persona's simulated phone (entra.views.phone), to open in a second window.
            "phone_upns": [u.upn for u in demo_data.USERS],
        },
    )


def _switched(request: HttpRequest, *, valid: bool, invalid: str, save, done: str):
    """Back to the tenants page, saying what changed (``save()``) or why nothing did."""
    if valid:
        save()
        messages.success(request, done)
    else:
        messages.error(request, invalid)
    return HttpResponseRedirect(reverse("entra:trainer_tenants"), status=303)


@trainer_page
@require_POST
def tenant_third_party_mfa(request: HttpRequest, domain: str) -> HttpResponse:
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None or not tenant.third_party_mfa:
        raise Http404("No tenant with third-party MFA of that name.")
    integration = request.POST.get("integration", "")
    valid = integration in Tenant.ThirdPartyMfa.values
    return _switched(
        request, valid=valid,
        invalid=_("Choose one of the listed integrations."),
        save=lambda: services.tenant_third_party_mfa_set(tenant=tenant, integration=integration),
        done=_("%(tenant)s now uses: %(integration)s. The next sign-in shows the difference.")
        % {
            "tenant": tenant.name,
            "integration": Tenant.ThirdPartyMfa(integration).label if valid else "",
        },
    )


@trainer_page
@require_POST
def tenant_federation(request: HttpRequest, domain: str) -> HttpResponse:
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None or not tenant.is_federated:
        raise Http404("No federated domain of that name.")
    behavior = request.POST.get("federatedIdpMfaBehavior", "")
    return _switched(
        request, valid=behavior in Tenant.FederatedIdpMfaBehavior.values,
        invalid=_("Choose one of the listed behaviours."),
        save=lambda: services.tenant_federated_idp_mfa_behavior_set(
            tenant=tenant, behavior=behavior
        ),
        done=_("%(tenant)s now uses: %(behavior)s. The next sign-in shows the difference.")
        % {"tenant": tenant.name, "behavior": behavior},
    )
