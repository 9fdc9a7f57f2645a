"""The portal's own areas: the shell's pages (overview, service health) and the public ones."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from config.health import healthz
from portal import urls
from portal.policy import Area
from portal.services import service_health_seed_demo

AREAS = (
    # The first two rows of the source document's list of areas: sign-in only.
    Area(
        "overview", _("Overview"), "dashboard/", urls.overview, order=10,
        # Overview shows the signed-in user and links to the other areas, no content of its own.
        no_demo_data=True,
    ),
    Area(
        "servicehealth", _("Service health"), "dashboard/servicehealth", urls.servicehealth,
        order=20, seeder=service_health_seed_demo,
    ),
    # Pages that must open before sign-in.
    Area("welcome", _("Welcome"), "", urls.welcome, sign_in=False),
    # The trainer's scenario launcher: picks a persona before anyone is signed in.
    Area("launcher", _("Scenario launcher"), "launcher/", urls.launcher, sign_in=False),
    # The component gallery for prototypes (demo mode only; a 404 otherwise).
    Area("components", _("Component gallery"), "dev/components", urls.components, sign_in=False),
    Area(
        "i18n", _("Language"), "i18n/", "django.conf.urls.i18n", home="set_language",
        sign_in=False,
    ),
    # Monitors and load balancers: whether the database and the cache answer, nothing else.
    Area(
        "health", _("Health check"), "healthz", [path("", healthz, name="healthz")],
        home="healthz", sign_in=False,
    ),
)
