"""The portal's areas, collected from every installed app's ``area.py``.

An app becomes an area of the portal by declaring ``AREAS`` (a tuple of ``policy.Area``) in its
``area.py``: its namespace, title, route and URLs, MFA and roles, and demo-data seeder. The
portal settings install every top-level package that has one (``config.settings.area_apps``);
from here the URLconf, the navigation, the access matrix, the policy middleware and the
workspace seeding read the same declarations, so there is no second list to keep in step.
"""

from __future__ import annotations

from functools import cache
from graphlib import TopologicalSorter
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import module_has_submodule

from portal.policy import Area, Seeder

AREA_MODULE = "area"


@cache
def declared_by_app() -> dict[str, tuple[Area, ...]]:
    """Each installed app's declared areas, by app label, in ``INSTALLED_APPS`` order."""
    declared = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, AREA_MODULE):
            module: ModuleType = import_module(f"{config.name}.{AREA_MODULE}")
            declared[config.label] = tuple(module.AREAS)
    return declared


def all_areas() -> tuple[Area, ...]:
    return tuple(area for areas in declared_by_app().values() for area in areas)


@cache
def _by_namespace() -> dict[str, Area]:
    return {area.namespace: area for area in all_areas()}


def area_for_namespace(namespace: str | None) -> Area | None:
    return _by_namespace().get(namespace or "")


@cache
def navigation_areas() -> tuple[Area, ...]:
    """The areas behind sign-in, in navigation order: the navigation and the access matrix."""
    return tuple(
        sorted((area for area in all_areas() if area.sign_in), key=lambda a: (a.order, a.namespace))
    )


def urlpatterns() -> list[URLResolver]:
    """One include per area, under its namespace (the namespace is what the policy reads).

    Longer routes first, so that an area's catch-all never shadows a deeper area's prefix
    (``dashboard/servicehealth`` before ``dashboard/``).
    """
    return [
        path(area.route, include((_patterns(area), area.namespace)))
        for area in sorted(all_areas(), key=lambda a: -len(a.route))
    ]


def _patterns(area: Area) -> list[URLPattern | URLResolver]:
    urls = area.urls
    return list(import_module(urls).urlpatterns if isinstance(urls, str) else urls)


def seeders() -> list[Seeder]:
    """The seeders of every area, each after the areas it names in ``seed_after``.

    Ties keep the navigation order, so the order is the same on every run. Raises
    ``graphlib.CycleError`` for a cycle, which ``portal.checks`` reports first.
    """
    with_seeder = [area for area in navigation_areas() if area.seeder is not None]
    graph = TopologicalSorter({area.namespace: area.seed_after for area in with_seeder})
    order = list(graph.static_order())
    by_namespace = {area.namespace: area for area in with_seeder}
    return [by_namespace[ns].seeder for ns in order if ns in by_namespace]


@receiver(setting_changed)
def _forget_on_installed_apps_change(*, setting: str, **kwargs) -> None:
    # Tests install an app of their own (override_settings); the declarations follow.
    if setting == "INSTALLED_APPS":
        for cached in (declared_by_app, _by_namespace, navigation_areas):
            cached.cache_clear()
