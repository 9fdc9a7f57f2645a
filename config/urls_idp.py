from django.conf import settings
from django.urls import include, path

from config.health import healthz
from entra.views import (
    device,
    federation,
    mfa,
    oidc,
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
        path("trainer/tenants/", trainer.tenants, name="trainer_tenants"),
        path(
            "trainer/tenants/<str:domain>/federation",
            trainer.tenant_federation,
            name="trainer_federation",
        ),
        path(
            "trainer/tenants/<str:domain>/third-party-mfa",
            trainer.tenant_third_party_mfa,
            name="trainer_third_party_mfa",
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
    ],
    "entra",
)

urlpatterns = [
    # For monitors and load balancers: no sign-in, no session (config/health.py).
    path("healthz", healthz, name="healthz"),
    # Listed before allauth's own routes for the same paths, which they wrap.
    path("identity/o/authorize", oidc.authorize),
    path("identity/o/api/token", oidc.token),
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
