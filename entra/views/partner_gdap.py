"""The partner's GDAP page at the mock Entra ID (``/manage/partner/relationships/``): Partner
Center's "Admin relationships" for the signed-in agent's own tenant.

GDAP lives in Entra (Graph's delegatedAdminRelationship), so the IdP serves it. The partner's
admin agents request a relationship (the customer's admin approves it in the customer's admin
center), assign the partner's security groups some of its roles, and terminate it. The partner
tenant is under the mandate: the page needs MFA in this sign-in, recent for a user with an Entra
method (as security info does), before the role check answers. Writes are
``entra.gdap.services``; each one is audited in the customer tenant.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from entra import selectors
from entra.gdap import roles as gdap_roles
from entra.gdap import selectors as gdap_selectors
from entra.gdap import services as gdap_services
from entra.gdap.forms import AccessAssignmentForm, RelationshipRequestForm
from entra.internal.interaction import fresh_sign_in_page, mfa_prompt, redirect_with_next
from entra.internal.signin_state import signin_state
from entra.models import GdapRelationship, Role, Tenant, User
from entra.security_info_access import method_recently_verified, verify_first
from entra.views.admin_center import refused

Status = GdapRelationship.Status


def _page_url() -> str:
    return reverse("entra:partner_relationships")


def _mfa_answer(request: HttpRequest, user: User, here: str) -> HttpResponse | None:
    """None once this sign-in has done MFA (recently, for a user with an Entra method)."""
    state = signin_state(request, user)
    if state.auth_time is None:
        return redirect_with_next(fresh_sign_in_page(user), here)
    if not state.has_mfa:
        prompt = mfa_prompt(user, state)
        if prompt:
            return redirect_with_next(prompt, here)
        # A third party's MFA that Entra does not count (journey 4): nothing more to ask here.
        return refused(
            request, status=HTTPStatus.FORBIDDEN, title=_("MFA required"),
            reason=_(
                "Managing GDAP relationships needs MFA that Microsoft Entra ID recognises. "
                "This sign-in has none (amr: %(amr)s)."
            ) % {"amr": ", ".join(state.amr) or "—"},
        )
    if selectors.user_has_entra_mfa_method(user=user) and not method_recently_verified(request):
        # Privileged, like security info: an old MFA is verified again.
        return verify_first(request, here)
    return None


def partner_admin_agent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The page's one gate: sign-in, MFA (first), then the Admin agent role of a partner tenant."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A form posted after MFA lapsed comes back to the page, not to the POST.
        here = request.get_full_path() if request.method == "GET" else _page_url()
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(here, login_url=reverse("account_login"))
        answer = _mfa_answer(request, user, here)
        if answer is not None:
            return answer
        tenant = user.tenant
        if tenant is None or tenant.kind != Tenant.Kind.PARTNER or (
            Role.ADMIN_AGENT not in user.roles
        ):
            return refused(
                request, status=HTTPStatus.FORBIDDEN, title=_("Admin agent role required"),
                reason=_(
                    "Only a partner tenant's Admin agents manage GDAP relationships. %(upn)s "
                    "is not an Admin agent of a partner tenant."
                ) % {"upn": user.email},
            )
        return view(request, user, tenant, *args, **kwargs)

    return never_cache(wrapper)


def _approval_url(request: HttpRequest, relationship: GdapRelationship) -> str:
    return request.build_absolute_uri(
        reverse("entra:admin_center_relationships", args=[relationship.customer_tenant_id])
    )


def _rows(request: HttpRequest, partner: Tenant) -> list[dict[str, object]]:
    rows = []
    for r in gdap_selectors.relationships_of_partner(partner_tenant=partner):
        status = gdap_selectors.relationship_effective_status(relationship=r)
        rows.append({
            "relationship": r,
            "status": status,
            "status_label": Status(status).label,
            "role_names": gdap_roles.role_names(r.roles),
            "assignments": [
                (a.security_group.display_name, gdap_roles.role_names(a.roles))
                for a in r.access_assignments.all()
            ],
            "approval_url": _approval_url(request, r) if status == Status.APPROVAL_PENDING
            else "",
            "active": status == Status.ACTIVE,
            # The assignment form offers the relationship's own roles.
            "offered_roles": [
                (t, gdap_roles.role_names([t])[0]) for t in r.roles if t in gdap_roles.ROLES
            ],
        })
    return rows


def _render(
    request: HttpRequest,
    partner: Tenant,
    *,
    form: RelationshipRequestForm | None = None,
    status: int = HTTPStatus.OK,
    **context: object,
) -> HttpResponse:
    requested = None
    if rid := request.GET.get("requested"):
        requested = gdap_selectors.relationship_of_partner(
            partner_tenant=partner, relationship_id=rid[:64]
        )
    return render(
        request, "entra/partner_gdap/relationships.html",
        {
            "partner": partner, "form": form or RelationshipRequestForm(),
            "rows": _rows(request, partner),
            "groups": gdap_selectors.security_groups_of(tenant=partner),
            "requested": requested,
            "requested_url": _approval_url(request, requested) if requested else "",
            **context,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@partner_admin_agent
def relationships(request: HttpRequest, agent: User, partner: Tenant) -> HttpResponse:
    if request.method == "GET":
        return _render(request, partner)
    form = RelationshipRequestForm(request.POST)
    if not form.is_valid():
        return _render(request, partner, form=form, status=HTTPStatus.BAD_REQUEST)
    try:
        relationship = gdap_services.relationship_request(
            partner_tenant=partner, customer_tenant=form.customer_tenant,
            display_name=form.cleaned_data["display_name"], roles=form.cleaned_data["roles"],
            duration=form.duration, actor=agent,
        )
    except gdap_services.DuplicateError as exc:
        form.add_error("display_name", str(exc))
        return _render(request, partner, form=form, status=HTTPStatus.CONFLICT)
    except gdap_services.GdapError as exc:
        form.add_error(None, str(exc))
        return _render(request, partner, form=form, status=HTTPStatus.BAD_REQUEST)
    return HttpResponseRedirect(f"{_page_url()}?requested={relationship.pk}", status=303)


def _relationship_or_404(
    request: HttpRequest, partner: Tenant, relationship_id: str
) -> GdapRelationship | HttpResponse:
    relationship = gdap_selectors.relationship_of_partner(
        partner_tenant=partner, relationship_id=relationship_id
    )
    if relationship is None:
        return refused(
            request, status=HTTPStatus.NOT_FOUND, title=_("No such relationship"),
            reason=_("%(partner)s has no GDAP relationship with that id.")
            % {"partner": partner.name},
        )
    return relationship


@require_POST
@partner_admin_agent
def relationship_terminate(
    request: HttpRequest, agent: User, partner: Tenant, relationship_id: str
) -> HttpResponse:
    relationship = _relationship_or_404(request, partner, relationship_id)
    if isinstance(relationship, HttpResponse):
        return relationship
    try:
        gdap_services.relationship_terminate(relationship=relationship, actor=agent)
    except gdap_services.TransitionError:
        relationship.refresh_from_db()
        status = gdap_selectors.relationship_effective_status(relationship=relationship)
        return refused(
            request, status=HTTPStatus.CONFLICT, title=_("Not active"),
            reason=_("%(name)s is %(status)s, not active: nothing was changed.")
            % {"name": relationship.display_name, "status": Status(status).label},
        )
    return HttpResponseRedirect(_page_url(), status=303)


@require_POST
@partner_admin_agent
def access_assignment_add(
    request: HttpRequest, agent: User, partner: Tenant, relationship_id: str
) -> HttpResponse:
    relationship = _relationship_or_404(request, partner, relationship_id)
    if isinstance(relationship, HttpResponse):
        return relationship
    form = AccessAssignmentForm(request.POST, partner_tenant=partner)
    error, status = None, HTTPStatus.BAD_REQUEST
    if form.is_valid():
        try:
            gdap_services.access_assignment_create(
                relationship=relationship, security_group=form.group,
                roles=form.cleaned_data["roles"], actor=agent,
            )
        except gdap_services.TransitionError as exc:
            error, status = str(exc), HTTPStatus.CONFLICT
        except gdap_services.DuplicateError as exc:
            error, status = str(exc), HTTPStatus.CONFLICT
        except gdap_services.GdapError as exc:
            error = str(exc)
        else:
            return HttpResponseRedirect(_page_url(), status=303)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _render(
        request, partner, status=status, assignment_error=error,
        assignment_relationship=relationship,
    )
