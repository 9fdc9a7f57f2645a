from django.conf import settings
from django.urls import include, path

from config.health import healthz
from entra.views import (
    admin_center,
    device,
    federation,
    legacy,
    methods,
    mfa,
    oidc,
    partner_gdap,
    phone,
    push,
    qa,
    security_info,
    third_party,
    trainer,
)

app_patterns = (
    [
        path("", security_info.security_info, name="security_info"),
        path("mfa/register/", mfa.mfa_register, name="mfa_register"),
        path("mfa/registered/", mfa.mfa_registered, name="mfa_registered"),
        # Common issue 4 (no smartphone): the method list, a hardware OATH token, the phone.
        path("mfa/methods/add/", methods.method_add, name="mfa_method_add"),
        path("mfa/register/token/", methods.register_oath, name="mfa_register_oath"),
        path("mfa/register/phone/", methods.register_phone, name="mfa_register_phone"),
        path("mfa/verify/phone/", methods.verify_phone, name="mfa_verify_phone"),
        path("mfa/verify/token/", methods.verify_oath, name="mfa_verify_oath"),
        path("mfa/verify/other/", methods.other_ways, name="mfa_other_ways"),
        path("mfa/methods/phone/remove", methods.phone_remove, name="mfa_phone_remove"),
        path(
            "mfa/methods/token/<str:serial_number>/remove",
            methods.oath_token_remove,
            name="mfa_oath_token_remove",
        ),
        # The hardware token's display (demo mode only, like the phone).
        path("token/<str:serial_number>/", methods.token_display, name="oath_token"),
        path("token/<str:serial_number>/state", methods.token_state, name="oath_token_state"),
        path("mfa/cancel/", mfa.stepup_cancel, name="stepup_cancel"),
        path("mfa/third-party/", third_party.third_party_mfa_prompt, name="third_party_mfa"),
        path("mfa/federated/", federation.federation_mfa, name="federation_mfa"),
        path("signin/federated/", federation.federation_signin, name="federation_signin"),
        path("mfa/push/<str:challenge_id>/status", push.push_status, name="push_status"),
        # The simulated phone (demo mode only, like the trainer's page).
        path("phone/<str:upn>/", phone.phone, name="phone"),
        path("phone/<str:upn>/state", phone.phone_state, name="phone_state"),
        path(
            "phone/<str:upn>/requests/<str:challenge_id>/approve",
            phone.phone_approve,
            name="phone_approve",
        ),
        path(
            "phone/<str:upn>/requests/<str:challenge_id>/deny",
            phone.phone_deny,
            name="phone_deny",
        ),
        # Exchange's basic authentication, refused as Entra refuses it (common issue 5).
        path("legacy/ews/Exchange.asmx", legacy.exchange_basic, name="legacy_ews"),
        # The partner's GDAP page (its own tenant's relationships); before the customer's
        # admin center, whose <tenant_id> would otherwise take "partner".
        path(
            "manage/partner/relationships/",
            partner_gdap.relationships,
            name="partner_relationships",
        ),
        path(
            "manage/partner/relationships/<str:relationship_id>/terminate",
            partner_gdap.relationship_terminate,
            name="partner_relationship_terminate",
        ),
        path(
            "manage/partner/relationships/<str:relationship_id>/access-assignments",
            partner_gdap.access_assignment_add,
            name="partner_access_assignment_add",
        ),
        # The customer's admin center (service management), scoped to one customer tenant.
        path("manage/<str:tenant_id>/", admin_center.home, name="admin_center"),
        path("manage/<str:tenant_id>/users/", admin_center.users, name="admin_center_users"),
        path("manage/<str:tenant_id>/audit/", admin_center.audit, name="admin_center_audit"),
        path(
            "manage/<str:tenant_id>/relationships/",
            admin_center.relationships,
            name="admin_center_relationships",
        ),
        path(
            "manage/<str:tenant_id>/relationships/<str:relationship_id>/approve",
            admin_center.relationship_decide,
            {"decision": "approve"},
            name="admin_center_relationship_approve",
        ),
        path(
            "manage/<str:tenant_id>/relationships/<str:relationship_id>/reject",
            admin_center.relationship_decide,
            {"decision": "reject"},
            name="admin_center_relationship_reject",
        ),
        path("trainer/tenants/", trainer.tenants, name="trainer_tenants"),
        path(
            "trainer/tenants/<str:domain>/federation",
            trainer.tenant_federation,
            name="trainer_federation",
        ),
        path(
            "trainer/tenants/<str:domain>/customer-policy",
            trainer.tenant_customer_policy,
            name="trainer_customer_policy",
        ),
        path(
            "trainer/tenants/<str:domain>/third-party-mfa",
            trainer.tenant_third_party_mfa,
            name="trainer_third_party_mfa",
        ),
        path(
            "trainer/tenants/<str:domain>/methods",
            trainer.tenant_authentication_methods,
            name="trainer_authentication_methods",
        ),
        path("qa/reset", qa.reset, name="qa_reset"),
        path("qa/tokens", qa.tokens, name="qa_tokens"),
        path("qa/trace", qa.trace, name="qa_trace"),
        path("qa/users/<str:upn>/totp", qa.totp_code, name="qa_totp"),
        path("qa/users/<str:upn>/reset", qa.user_reset, name="qa_user_reset"),
        path(
            "qa/domains/<str:domain>/federation",
            qa.domain_federation,
            name="qa_domain_federation",
        ),
        path(
            "qa/tenants/<str:domain>/third-party-mfa",
            qa.tenant_third_party_mfa,
            name="qa_tenant_third_party_mfa",
        ),
        path(
            "qa/tenants/<str:domain>/customer-mfa-policy",
            qa.tenant_customer_mfa_policy,
            name="qa_tenant_customer_mfa_policy",
        ),
        path(
            "qa/tenants/<str:domain>/authentication-methods",
            qa.tenant_authentication_methods,
            name="qa_tenant_authentication_methods",
        ),
    ],
    "entra",
)

urlpatterns = [
    # For monitors and load balancers: no sign-in, no session (config/health.py).
    path("healthz", healthz, name="healthz"),
    # Listed before allauth's own routes for the same paths, which they wrap.
    path("identity/o/authorize", oidc.authorize),
    path("identity/o/api/token", oidc.token),
    # A tenant as the authority (Entra's login.microsoftonline.com/<tenant>/...): issue 12.
    path("<str:tenant_id>/identity/o/authorize", oidc.authorize),
    path("<str:tenant_id>/identity/o/api/token", oidc.token),
    path("<str:tenant_id>/.well-known/openid-configuration", oidc.tenant_discovery),
    path("identity/o/api/device/code", device.device_code),
    path("identity/o/device", device.device_authorization),
    path("", include("allauth.idp.urls")),
    path("accounts/", include("entra.allauth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(app_patterns)),
]

if settings.ENTRA["ADMIN_ENABLED"]:
    from entra.admin_site import admin_site

    urlpatterns.append(path("admin/", admin_site.urls))
