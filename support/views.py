from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from support import selectors, services
from support.forms import SupportRequestForm


def _form_add_service_error(form: SupportRequestForm, error: ValidationError) -> None:
    # The service re-checks what the form checked; its verdict is shown like the form's own,
    # next to the field when the form has one of that name.
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
def support_request_list(request: HttpRequest) -> HttpResponse:
    support_requests = selectors.support_request_list(partner_tenant_id=request.identity.tenant_id)
    return render(
        request, "support/support_request_list.html", {"support_requests": support_requests}
    )


@require_GET
def support_request_detail(request: HttpRequest, number: str) -> HttpResponse:
    support_request = selectors.support_request_get(
        partner_tenant_id=request.identity.tenant_id, number=number
    )
    if support_request is None:
        raise Http404
    return render(
        request, "support/support_request_detail.html", {"support_request": support_request}
    )


@require_http_methods(["GET", "POST"])
def support_request_create(request: HttpRequest) -> HttpResponse:
    identity = request.identity
    if request.method == "GET":
        form = SupportRequestForm(
            partner_tenant_id=identity.tenant_id, initial={"contact_email": identity.upn}
        )
        return render(request, "support/support_request_form.html", {"form": form})

    form = SupportRequestForm(request.POST, partner_tenant_id=identity.tenant_id)
    if form.is_valid():
        try:
            support_request = services.support_request_create(
                partner_tenant_id=identity.tenant_id,
                created_by_upn=identity.upn,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Support request %(number)s was created.") % {"number": support_request.number},
            )
            response = redirect("support:detail", number=support_request.number)
            # 303: the browser must GET the new request, never re-POST the form.
            response.status_code = HTTPStatus.SEE_OTHER
            return response
    return render(
        request,
        "support/support_request_form.html",
        {"form": form},
        status=HTTPStatus.BAD_REQUEST,
    )
