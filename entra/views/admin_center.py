"""The customer's admin center, served by the mock Entra ID and scoped to one customer tenant
(``/manage/<customer tenant id>/``): service management, as the source calls it.

The customer tenant is the authority: whoever opens these pages signs in at the IdP as usual
(their own tenant), then acting in the customer tenant is its own authentication context.
``customer_context`` settles who acts (the customer's own admin, or a partner agent through an
active GDAP relationship and the GDAP roles of their security groups), asks MFA when the
**customer's** policy wants it (``entra.internal.interaction``), and refuses with a page naming
what is missing. The views stay thin: writes are ``entra.gdap.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from http import HTTPStatus

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entra.gdap import roles as gdap_roles
from entra.gdap import selectors as gdap_selectors
from entra.gdap import services as gdap_services
from entra.internal import resource_tenant
from entra.internal.interaction import (
    fresh_sign_in_page,
    mfa_due,
    mfa_prompt,
    redirect_with_next,
)
from entra.internal.signin_state import SignInState, signin_state
from entra.models import GdapRelationship, Tenant, User

Action = gdap_roles.Action


@dataclass(frozen=True)
class Acting:
    """Who acts in which customer tenant, with what roles, after which sign-in."""

    user: User
    tenant: Tenant
    # The partner tenant a partner agent acts from; None for the customer's own admin.
    partner_tenant: Tenant | None
    roles: frozenset[str]
    state: SignInState
    relationships: tuple[GdapRelationship, ...] = field(default=())

    @property
    def role_names(self) -> list[str]:
        return sorted(gdap_roles.role_names(self.roles))

    @property
    def claims(self) -> dict[str, object]:
        """What a token for this tenant would say about the caller (Entra's shape: ``tid`` the
        resource tenant, ``idp`` the issuer of the partner tenant the agent comes from)."""
        claims: dict[str, object] = {
            "tid": str(self.tenant.pk),
            "oid": str(self.user.object_id),
            "upn": self.user.email,
            "amr": list(self.state.amr),
            "wids": sorted(self.roles),
        }
        if self.partner_tenant is not None:
            claims["idp"] = f"https://sts.windows.net/{self.partner_tenant.pk}/"
        return claims


def refused(
    request: HttpRequest, *, status: int, title: str, reason: str, tenant: Tenant | None = None
) -> HttpResponse:
    return render(
        request, "entra/admin_center/refused.html",
        {"status": status, "title": title, "reason": reason, "tenant": tenant}, status=status,
    )


def missing_role(request: HttpRequest, acting: Acting, action: str) -> HttpResponse:
    needed = " / ".join(gdap_roles.action_role_names(action))
    return refused(
        request, status=HTTPStatus.FORBIDDEN, tenant=acting.tenant, title=_("Missing role"),
        reason=_(
            "To %(action)s in %(tenant)s you need the %(needed)s role. Your roles here: "
            "%(roles)s."
        ) % {"action": gdap_roles.ACTION_LABELS[action], "tenant": acting.tenant.name,
             "needed": needed, "roles": ", ".join(acting.role_names) or "—"},
    )


def _resolve(request: HttpRequest, tenant: Tenant, state: SignInState) -> Acting | HttpResponse:
    """Who acts: the rules are ``entra.internal.resource_tenant``'s (the tenant-prefixed
    authorize endpoint shares them); the admin center adds that its own users need a role."""
    user = request.user
    access = resource_tenant.resource_access(user=user, tenant=tenant)
    partner = access.partner_tenant
    if not access.delegated and not access.roles:
        return refused(
            request, status=HTTPStatus.FORBIDDEN, tenant=tenant,
            title=_("No admin role"),
            reason=_("%(upn)s holds no administrator role in %(tenant)s.")
            % {"upn": user.email, "tenant": tenant.name},
        )
    if access.refusal == resource_tenant.Refusal.NO_RELATIONSHIP:
        return refused(
            request, status=HTTPStatus.FORBIDDEN, tenant=tenant,
            title=_("No active GDAP relationship"),
            reason=_(
                "%(partner)s has no active GDAP relationship with %(tenant)s, so %(upn)s cannot "
                "act in it. The customer's admin must approve a relationship first."
            ) % {"partner": partner.name if partner else "—", "tenant": tenant.name,
                 "upn": user.email},
        )
    if access.refusal == resource_tenant.Refusal.NO_ROLE:
        return refused(
            request, status=HTTPStatus.FORBIDDEN, tenant=tenant,
            title=_("No GDAP role"),
            reason=_(
                "None of %(upn)s's security groups in %(partner)s is assigned a role in the "
                "GDAP relationship with %(tenant)s (%(relationships)s)."
            ) % {"upn": user.email, "partner": partner.name, "tenant": tenant.name,
                 "relationships": ", ".join(r.display_name for r in access.relationships)},
        )
    return Acting(
        user=user, tenant=tenant, partner_tenant=partner, roles=access.roles, state=state,
        relationships=access.relationships,
    )


def customer_context(action: str) -> Callable:
    """The admin center's one gate: tenant, sign-in, who acts, the customer's MFA, the role."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, tenant_id: str, *args, **kwargs) -> HttpResponse:
            tenant = gdap_selectors.tenant_get_customer(tenant_id=tenant_id)
            if tenant is None:
                return refused(
                    request, status=HTTPStatus.NOT_FOUND, title=_("No such customer tenant"),
                    reason=_("No customer tenant has the id %(tid)s.") % {"tid": tenant_id[:64]},
                )
            # A form posted after MFA lapsed comes back to the page, not to the POST.
            here = request.get_full_path() if request.method == "GET" else request.path
            if not request.user.is_authenticated:
                return redirect_to_login(here, login_url=reverse("account_login"))
            state = signin_state(request, request.user)
            if state.auth_time is None:
                return redirect_with_next(fresh_sign_in_page(request.user), here)
            acting = _resolve(request, tenant, state)
            if isinstance(acting, HttpResponse):
                return acting
            if mfa_due(acting.user, resource_tenant=tenant, resource_roles=acting.roles):
                prompt = mfa_prompt(acting.user, state)
                if prompt:
                    return redirect_with_next(prompt, here)
            if not gdap_roles.allows(acting.roles, action):
                return missing_role(request, acting, action)
            return view(request, acting, *args, **kwargs)

        return never_cache(wrapper)

    return decorator


def _page(request: HttpRequest, template: str, acting: Acting, status: int = 200, **context):
    return render(
        request, f"entra/admin_center/{template}",
        {"acting": acting, "tenant": acting.tenant, **context}, status=status,
    )


@require_GET
@customer_context(Action.READ_DIRECTORY)
def home(request: HttpRequest, acting: Acting) -> HttpResponse:
    return _page(request, "home.html", acting, claims=acting.claims)


@require_http_methods(["GET", "POST"])
@customer_context(Action.READ_DIRECTORY)
def users(request: HttpRequest, acting: Acting) -> HttpResponse:
    context: dict[str, object] = {"form": {}}
    status = HTTPStatus.OK
    if request.method == "POST":
        if not gdap_roles.allows(acting.roles, Action.ADD_USER):
            return missing_role(request, acting, Action.ADD_USER)
        form = {
            "display_name": request.POST.get("display_name", ""),
            "upn": request.POST.get("upn", ""),
        }
        try:
            user, password = gdap_services.customer_user_create(
                customer_tenant=acting.tenant, display_name=form["display_name"],
                upn=form["upn"], actor=acting.user,
            )
        except gdap_services.UserCreationError as exc:
            context.update(form=form, error=str(exc))
            status = HTTPStatus.BAD_REQUEST
        else:
            context.update(new_user=user, new_password=password)
    context["can_add"] = gdap_roles.allows(acting.roles, Action.ADD_USER)
    context["directory"] = acting.tenant.users.order_by("email")
    return _page(request, "users.html", acting, status=status, **context)


@require_GET
@customer_context(Action.READ_DIRECTORY)
def audit(request: HttpRequest, acting: Acting) -> HttpResponse:
    return _page(
        request, "audit.html", acting,
        entries=gdap_selectors.audit_entries(tenant=acting.tenant),
    )


@require_GET
@customer_context(Action.READ_DIRECTORY)
def relationships(request: HttpRequest, acting: Acting) -> HttpResponse:
    rows = [
        (r, gdap_selectors.relationship_effective_status(relationship=r),
         gdap_roles.role_names(r.roles))
        for r in gdap_selectors.relationships_of_customer(customer_tenant=acting.tenant)
        # A partner agent sees its own tenant's relationships only.
        if acting.partner_tenant is None or r.partner_tenant_id == acting.partner_tenant.pk
    ]
    return _page(request, "relationships.html", acting, rows=rows)


@require_POST
@customer_context(Action.READ_DIRECTORY)
def relationship_decide(
    request: HttpRequest, acting: Acting, relationship_id: str, decision: str
) -> HttpResponse:
    """The customer's admin approves or rejects a pending relationship (never a partner)."""
    if acting.partner_tenant is not None:
        return refused(
            request, status=HTTPStatus.FORBIDDEN, tenant=acting.tenant,
            title=_("Customer admins only"),
            reason=_("Only an administrator of %(tenant)s approves its GDAP relationships.")
            % {"tenant": acting.tenant.name},
        )
    relationship = gdap_selectors.relationship_of_customer(
        customer_tenant=acting.tenant, relationship_id=relationship_id
    )
    if relationship is None:
        return refused(
            request, status=HTTPStatus.NOT_FOUND, tenant=acting.tenant,
            title=_("No such relationship"),
            reason=_("%(tenant)s has no GDAP relationship with that id.")
            % {"tenant": acting.tenant.name},
        )
    decide = {
        "approve": gdap_services.relationship_approve,
        "reject": gdap_services.relationship_reject,
    }[decision]
    try:
        decide(relationship=relationship, approver=acting.user)
    except gdap_services.TransitionError:
        return refused(
            request, status=HTTPStatus.CONFLICT, tenant=acting.tenant,
            title=_("Not pending"),
            reason=_("%(name)s is %(status)s, not pending approval: nothing was changed.")
            % {"name": relationship.display_name, "status": relationship.get_status_display()},
        )
    return HttpResponseRedirect(
        reverse("entra:admin_center_relationships", args=[acting.tenant.pk]), status=303
    )
