"""The one place where the API's access policy (``api.policy``) is enforced."""

from __future__ import annotations

from http import HTTPStatus

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api import policy
from api.errors import ApiError, Forbidden
from api.principal import ApiPrincipal
from customers import selectors as customer_selectors
from customers.roles import CUSTOMER_ROLES


class OperationPolicy(BasePermission):
    """After authentication (and its MFA rule): the Partner Center role of an App+User caller,
    then the rule for operations that need a role in the customer's tenant.

    App-only callers are refused those operations whatever they ask; App+User callers need the
    customer to be theirs and a delegated role (DAP, or an active GDAP relationship) that allows
    the operation.
    """

    def has_permission(self, request: Request, view) -> bool:
        operation = view.operation_for(request.method)
        principal: ApiPrincipal = request.user
        if not principal.is_app_only and not (operation.roles & principal.roles):
            names = ", ".join(sorted(str(role.label) for role in operation.roles))
            raise Forbidden(
                "role_not_allowed",
                f"{operation.name} needs one of these Partner Center roles: {names}.",
            )
        if operation.needs_customer_role:
            _check_customer_role(operation, principal, view.kwargs.get("customer_id"))
        return True


def _check_customer_role(
    operation: policy.Operation, principal: ApiPrincipal, customer_id: str | None
) -> None:
    if principal.is_app_only:
        raise Forbidden(
            "app_only_not_supported",
            f"{operation.name} needs a GDAP role in the customer's tenant, which an app-only "
            "token cannot carry. Call it with an App+User token (with MFA).",
        )
    customer = customer_selectors.customer_get(
        partner_tenant_id=principal.tenant_id, customer_tenant_id=customer_id
    ) if customer_id else None
    if customer is None:
        raise ApiError("customer_not_found", "No customer with this id.",
                       status_code=HTTPStatus.NOT_FOUND)
    held = customer_selectors.customer_delegated_role_ids(
        customer=customer, partner_roles=principal.roles
    )
    if not held & operation.customer_roles:
        allowed = ", ".join(sorted(CUSTOMER_ROLES[role].name for role in operation.customer_roles))
        raise Forbidden(
            "customer_role_missing",
            f"{operation.name} needs one of these roles in {customer.company_name}'s tenant: "
            f"{allowed}. The partner holds none of them there "
            f"(relationship: {customer.relationship}).",
        )
