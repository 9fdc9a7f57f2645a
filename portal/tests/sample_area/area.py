from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.policy import Area, Role
from portal.tests.sample_area import views

AREAS = (
    Area(
        "sample", _("Sample reports"), "sample/reports/",
        [path("", views.home, name="home")],
        mfa=True, roles=frozenset({Role.BILLING_ADMIN}), order=55,
        seeder=views.seed_demo, seed_after=("customers",),
    ),
)
