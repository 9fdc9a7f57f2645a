"""How the OpenAPI document describes the API: the bearer scheme, each operation's policy row,
and the error answers every operation may give (so the document says what clients must handle).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from api import policy

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "description"],
    "properties": {
        "code": {"type": "string", "description": "Stable; branch on it."},
        "description": {"type": "string"},
        "errors": {"type": "object", "description": "Per field, for invalid_body."},
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


class PartnerCenterBearerScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerCenterBearerAuthentication"
    name = "partnerCenterBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "An Entra access token for https://api.partnercenter.microsoft.com (RS256). "
                "App+User tokens need 'mfa' (or 'ngcmfa') in amr, or the answer is "
                "'401 Unauthorized - MFA required'; app-only tokens are refused (403) on "
                "operations that need a GDAP role in the customer's tenant."
            ),
        }


class OperationAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the operation id, category and app-only rule taken from
    ``api.policy`` (the table the permission enforces), and the error answers."""

    def _operation(self) -> policy.Operation | None:
        name = getattr(self.view, "operations", {}).get(self.method)
        return policy.BY_NAME.get(name) if name else None

    def get_operation_id(self) -> str:
        operation = self._operation()
        return operation.name if operation else super().get_operation_id()

    def get_tags(self) -> list[str]:
        operation = self._operation()
        return [str(operation.category.title)] if operation else super().get_tags()

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        result = super().get_operation(*args, **kwargs)
        operation = self._operation()
        if result is None or operation is None:
            return result
        result["x-partner-center-category"] = operation.category.value
        result["x-app-only"] = not operation.needs_customer_role
        roles = ", ".join(sorted(str(role.label) for role in operation.roles))
        responses = result.setdefault("responses", {})
        responses.setdefault("401", _error(
            "The token is missing or fails verification (code names the check), or an App+User "
            "token has no MFA: then the status line is exactly '401 Unauthorized - MFA "
            "required', WWW-Authenticate: Bearer error=\"invalid_token\", code mfa_required."
        ))
        forbidden = f"App+User callers need one of these roles: {roles} (role_not_allowed)."
        if operation.needs_customer_role:
            forbidden += (
                " Needs a GDAP role in the customer's tenant: app-only callers get "
                "app_only_not_supported; App+User callers without such a role "
                "customer_role_missing."
            )
        responses.setdefault("403", _error(forbidden))
        if "{" in self.path:
            responses.setdefault("404", _error("No such resource for this partner (not_found)."))
        if self.method in ("POST", "PATCH", "PUT"):
            responses.setdefault("400", _error(
                "The body is not valid JSON (malformed_json) or fails validation "
                "(invalid_body, with errors per field); nothing is written."
            ))
        return result


def add_error_component(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the Error schema the responses above refer to."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    return result
