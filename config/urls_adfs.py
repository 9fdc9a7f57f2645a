from django.urls import include, path

from adfs.views import home, mfa, oidc, qa, trainer
from config.health import healthz

app_patterns = (
    [
        path("", home.home, name="home"),
        path("mfa/cancel/", mfa.mfa_cancel, name="mfa_cancel"),
        path("trainer/users/", trainer.users, name="trainer_users"),
        path("trainer/users/<str:upn>/mfa", trainer.user_mfa, name="trainer_user_mfa"),
        path("qa/reset", qa.reset, name="qa_reset"),
        path("qa/users/<str:upn>/totp", qa.totp_code, name="qa_totp"),
        path("qa/users/<str:upn>/reset", qa.user_reset, name="qa_user_reset"),
        path("qa/users/<str:upn>/mfa", qa.user_mfa, name="qa_user_mfa"),
    ],
    "adfs",
)

urlpatterns = [
    # For monitors and load balancers: no sign-in, no session (config/health.py).
    path("healthz", healthz, name="healthz"),
    # Listed before allauth's own routes for the same paths, which they wrap.
    path("identity/o/authorize", oidc.authorize),
    path("identity/o/api/token", oidc.token),
    path("", include("allauth.idp.urls")),
    path("accounts/", include("adfs.allauth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(app_patterns)),
]
