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
from entra.methods import selectors as method_selectors
from entra.methods import services as method_services
from entra.models import AuthenticationMethod, Tenant


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
            "customer_policies": Tenant.CustomerMfaPolicy.choices,
            # Each persona's simulated phone (entra.views.phone), to open in a second window.
            "phone_upns": [u.upn for u in demo_data.USERS],
            # Entra's authentication methods policy per tenant, and the hardware tokens handed
            # out (entra.methods), each with its display (/token/<serial>/).
            "authentication_methods": AuthenticationMethod.choices,
            "oath_tokens": method_selectors.oath_tokens_all(),
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


@trainer_page
@require_POST
def tenant_authentication_methods(request: HttpRequest, domain: str) -> HttpResponse:
    """Which methods the tenant's users may register (common issue 4)."""
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None:
        raise Http404("No tenant of that name.")
    methods = request.POST.getlist("methods")
    valid = all(m in AuthenticationMethod.values for m in methods)
    return _switched(
        request, valid=valid,
        invalid=_("Choose among the listed methods."),
        save=lambda: method_services.tenant_authentication_methods_set(
            tenant=tenant, methods=methods
        ),
        done=_("%(tenant)s now allows: %(methods)s. The next registration shows the list.")
        % {
            "tenant": tenant.name,
            "methods": ", ".join(
                str(AuthenticationMethod(m).label) for m in AuthenticationMethod.values
                if m in methods
            ) or "—",
        },
    )


@trainer_page
@require_POST
def tenant_customer_policy(request: HttpRequest, domain: str) -> HttpResponse:
    tenant = selectors.tenant_get_by_domain(domain=domain)
    if tenant is None or tenant.kind != Tenant.Kind.CUSTOMER:
        raise Http404("No customer tenant of that name.")
    policy = request.POST.get("customer_mfa_policy", "")
    valid = policy in Tenant.CustomerMfaPolicy.values
    return _switched(
        request, valid=valid,
        invalid=_("Choose one of the listed policies."),
        save=lambda: services.tenant_customer_mfa_policy_set(tenant=tenant, policy=policy),
        done=_("%(tenant)s now uses: %(policy)s. Partner agents entering it see the difference.")
        % {
            "tenant": tenant.name,
            "policy": Tenant.CustomerMfaPolicy(policy).label if valid else "",
        },
    )
