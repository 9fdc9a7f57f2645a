"""URL lists of the portal's own areas; config.urls_portal gives each its namespace."""

from django.urls import path

from portal import views

welcome = [path("", views.welcome, name="home")]
overview = [
    path("home", views.overview, name="home"),
    path("access", views.access_matrix, name="access"),
]
servicehealth = [path("", views.service_health, name="home")]
launcher = [
    path("", views.launcher_home, name="home"),
    path("reset", views.launcher_reset, name="reset"),
    path("<slug:scenario_id>/start", views.launcher_start, name="start"),
]
# The component gallery for prototypes (demo mode only).
components = [path("", views.component_gallery, name="home")]
