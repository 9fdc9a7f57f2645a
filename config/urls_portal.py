"""The portal's URLs. Each include's namespace is an area of ``portal.policy``."""

from django.urls import include, path

from config.health import healthz
from portal import urls as portal_urls

urlpatterns = [
    # For monitors and load balancers; a public area of portal.policy (no sign-in).
    path("healthz", include(([path("", healthz, name="healthz")], "health"))),
    path("", include((portal_urls.welcome, "welcome"))),
    path("launcher/", include((portal_urls.launcher, "launcher"))),
    path("trace/", include("journeytrace.urls")),
    path("dev/components", include((portal_urls.components, "components"))),
    path("oidc/", include("accounts.urls")),
    path("i18n/", include(("django.conf.urls.i18n", "i18n"))),
    path("dashboard/servicehealth", include((portal_urls.servicehealth, "servicehealth"))),
    path("dashboard/v2/support/customers/", include("support.urls")),
    path("dashboard/", include((portal_urls.overview, "overview"))),
    # Every page under /commerce/ is the Customers area (MFA), as the source says.
    path("commerce/", include("customers.urls")),
    path("billing/", include("billing.urls")),
    path("security/", include("security.urls")),
    path("v1/", include("api.urls")),
]
