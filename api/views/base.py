"""What every API view shares: its operations by HTTP method, no caching, the decision record."""

from __future__ import annotations

from typing import ClassVar

from django.http import HttpRequest
from django.utils.cache import add_never_cache_headers
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from api import policy
from api.principal import ApiPrincipal
from compliance import services as compliance
from compliance.models import AccessDecision


class OperationView:
    """Mixin for DRF views: ``operations`` maps each HTTP method to a row of ``api.policy``.

    ``api.permissions.OperationPolicy`` reads it; ``api.checks`` fails for a view without one.
    """

    operations: ClassVar[dict[str, str]] = {}

    def operation_for(self, method: str) -> policy.Operation:
        name = self.operations.get("GET" if method == "HEAD" else method)
        if name is None:
            raise exceptions.MethodNotAllowed(method)
        return policy.operation(name)

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Tenant data must not stay in a proxy's or a client library's cache.
        add_never_cache_headers(response)
        _record_decision(request._request, self.operations.get(request.method, ""), response)
        return response


def _record_decision(request: HttpRequest, operation: str, response: Response) -> None:
    principal: ApiPrincipal | None = getattr(request, "api_principal", None)
    if principal is None:
        return  # nobody verified: nothing to record (see compliance.models.AccessDecision)
    result = getattr(request, "api_result", None) or (
        AccessDecision.Result.ALLOWED if response.status_code < 400
        else AccessDecision.Result.REFUSED
    )
    compliance.decision_record(
        partner_tenant_id=principal.tenant_id,
        channel=AccessDecision.Channel.API,
        token_kind=principal.kind,
        principal=principal.name,
        object_id=principal.object_id,
        app_id=principal.app_id,
        operation=operation or request.method,
        mfa=principal.has_mfa,
        result=result,
        status_code=response.status_code,
    )
