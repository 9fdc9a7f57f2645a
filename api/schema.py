"""How drf-spectacular describes the bearer authentication in the OpenAPI document."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
