from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal import areas, components, launcher, policy, scenarios, selectors


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
        request,
        "portal/access_matrix.html",
        {"areas": areas.navigation_areas(), "roles": list(policy.Role)},
    )


@require_GET
def component_gallery(request: HttpRequest) -> HttpResponse:
    # A page for developers prototyping on a demo: a shared (production) simulator has no use
    # for it, so it does not exist there.
    if settings.SIMULATOR_MODE != "demo":
        raise Http404
    return render(request, "portal/component_gallery.html", {"components": components.gallery()})


def _launcher_enabled() -> bool:
    # Production mode shows the scenarios (a guide for a shared deployment) without the buttons,
    # and their URLs answer 404: one anonymous POST would end every user's session there.
    return settings.SIMULATOR_MODE == "demo"


def _launcher_unavailable(request: HttpRequest, error: launcher.QaApiUnavailable) -> HttpResponse:
    # 503, not 500: the portal works, the launcher needs the IdP's QA API (demo mode) to answer.
    return render(
        request, "portal/launcher_unavailable.html", {"error": error},
        status=HTTPStatus.SERVICE_UNAVAILABLE,
    )


def _admin_center_url(scenario: scenarios.Scenario) -> str:
    tenant = scenario.admin_center_tenant
    return settings.ADMIN_CENTER_URL.format(tenant_id=tenant) if tenant else ""


@require_GET
def launcher_home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/launcher.html",
        {
            "scenarios": [
                (scenario, _admin_center_url(scenario)) for scenario in scenarios.SCENARIOS
            ],
            "launcher_enabled": _launcher_enabled(),
            # Each persona's simulated phone at the mock Entra ID (demo mode only, like it).
            "phone_base_url": launcher.idp_phone_base_url() if _launcher_enabled() else "",
        },
    )


@require_POST
def launcher_start(request: HttpRequest, scenario_id: str) -> HttpResponse:
    """Reset the scenario's persona at the IdP, end this portal session, sign in as the persona."""
    scenario = scenarios.scenario_get(scenario_id)
    if scenario is None or not _launcher_enabled():
        raise Http404
    try:
        launcher.idp_user_reset(upn=scenario.upn)
        if scenario.adfs_upn:
            # Journey 2's MFA happens at AD FS: its switches and sessions must start over too.
            launcher.adfs_user_reset(upn=scenario.adfs_upn)
    except launcher.QaApiUnavailable as exc:
        return _launcher_unavailable(request, exc)
    logout(request)
    # The portal's own sign-in (pending state, PKCE, nonce): the hint names the persona, and
    # prompt=login makes the IdP ask for its password even if this browser has an IdP session.
    query = urlencode({"next": scenario.next_path, "login_hint": scenario.upn, "prompt": "login"})
    return redirect(f"{reverse('oidc:authenticate')}?{query}")


@require_POST
def launcher_reset(request: HttpRequest) -> HttpResponse:
    """Reset the whole demo: the IdPs' directories, and every portal session (this one too)."""
    if not _launcher_enabled():
        raise Http404
    try:
        launcher.idp_directory_reset()
    except launcher.QaApiUnavailable as exc:
        return _launcher_unavailable(request, exc)
    adfs_warning = None
    try:
        launcher.adfs_reset()
    except launcher.QaApiUnavailable as exc:
        # Only journey 2 uses AD FS: the reset of the rest stands; say what was left.
        adfs_warning = exc
    logout(request)
    # Every portal session, or a signed-in browser would still show "MFA done" for a persona
    # whose IdP state was just wiped.
    Session.objects.all().delete()
    messages.success(
        request, _("The demo was reset: every persona is back to its seeded state and every "
                   "session has ended."),
        extra_tags="demo-reset-done",
    )
    if adfs_warning is not None:
        messages.warning(
            request, _("Wingtip AD FS was not reset: %(error)s") % {"error": adfs_warning}
        )
    return redirect("launcher:home")
