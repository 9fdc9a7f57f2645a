"""The one place where the access policy of ``portal.policy`` is enforced."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from accounts import stepup
from accounts.stepup import Outcome
from compliance import services as compliance
from journeytrace import services as journeytrace
from portal import areas, policy
from portal.policy import Decision


class AccessPolicyMiddleware:
    """Sign-in, then MFA (step-up), then the role, for every view of the portal.

    The area of a request is the first namespace of its resolved URL; a URL outside every area
    is refused. Who is signed in comes from ``request.identity``
    (``accounts.middleware.IdentityMiddleware``, which must come before this one); how the
    latest step-up for the area ended comes from ``accounts.stepup``. This middleware only turns
    the policy's decision into a response.

    Every answer for a page that is not public, whatever it is (the page, a redirect to sign-in,
    a 403), is marked ``no-store``: a tenant's customers, invoices or fraud events must not stay
    in the browser's or a proxy's cache, where the back button or the next user of a shared
    computer would find them after sign-out.

    Every answer to a signed-in user for a page of a non-public area is also recorded as a
    ``compliance.models.AccessDecision`` (the Security workspace's MFA compliance figures), with
    the final status code, so it is recorded after the view has answered. Public pages are not:
    the API records its own decisions, and the welcome, sign-in and language pages are not
    Partner Center areas that MFA could protect.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not hasattr(request, "identity"):
            raise ImproperlyConfigured(
                "portal.middleware.AccessPolicyMiddleware needs "
                "accounts.middleware.IdentityMiddleware before it."
            )
        # Deny by default here too: a request that never reached process_view (no URL matched,
        # or an earlier middleware answered) is treated as a non-public page.
        request.area = None
        request.access_decision = None
        response = self.get_response(request)
        if request.area is None or request.area.sign_in:
            add_never_cache_headers(response)
        if request.identity is not None and request.area is not None and request.area.sign_in:
            compliance.portal_decision_record(
                identity=request.identity,
                area=request.area.namespace,
                decision=request.access_decision,
                status_code=response.status_code,
            )
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        area = areas.area_for_namespace(match.namespaces[0] if match.namespaces else None)
        identity = request.identity
        decision = policy.decide(
            area,
            signed_in=identity is not None,
            has_mfa=identity is not None and identity.has_mfa,
            roles=identity.roles if identity else frozenset(),
        )
        request.area = area
        request.access_decision = decision
        journeytrace.trace_policy_decision_record(request=request, area=area, decision=decision)
        if decision is Decision.ALLOW:
            return None
        if decision is Decision.SIGN_IN:
            return self._sign_in(request)
        if decision is Decision.STEP_UP:
            return self._step_up(request, area)
        return self._forbidden(request, area)

    @staticmethod
    def _sign_in(request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            return HttpResponseRedirect(stepup.sign_in_url(request.get_full_path()))
        # A form posted after the session expired: say so rather than silently redirecting,
        # so the browser's back button still holds what was typed.
        return render(
            request, "portal/signin_required.html",
            {"sign_in_url": stepup.sign_in_url(request.path)}, status=HTTPStatus.UNAUTHORIZED,
        )

    @staticmethod
    def _step_up(request: HttpRequest, area: policy.Area) -> HttpResponse:
        outcome = stepup.outcome_for(request, request.path)
        retry_url = stepup.stepup_url(request.get_full_path())
        if outcome is not None and outcome.kind is Outcome.WITHOUT_MFA:
            # The provider already answered this area's step-up with a token without MFA: it
            # would again. Explained, with one more step-up on request, never automatically.
            return render(
                request, "portal/mfa_blocked.html",
                {
                    "area": area, "amr": outcome.amr, "acrs": outcome.acrs,
                    "mfa_rule": request.identity.mfa_rule, "retry_url": retry_url,
                },
                status=HTTPStatus.FORBIDDEN,
            )
        if request.method in ("GET", "HEAD") and outcome is None:
            return HttpResponseRedirect(retry_url)
        return render(
            request, "portal/stepup_required.html",
            {"area": area, "retry_url": retry_url, "idp_error": outcome},
            status=HTTPStatus.FORBIDDEN,
        )

    @staticmethod
    def _forbidden(request: HttpRequest, area: policy.Area | None) -> HttpResponse:
        return render(
            request, "portal/access_denied.html", {"area": area}, status=HTTPStatus.FORBIDDEN
        )
