"""System checks: the areas' declarations cover every URL of the portal and hang together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter

from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver

from portal import areas
from portal.policy import Area


def _url_namespaces(
    patterns, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None]]:
    """Every URL pattern as (route, outermost namespace)."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _url_namespaces(entry.url_patterns, route, namespace or entry.namespace)
        elif isinstance(entry, URLPattern):
            yield route, namespace


@register()
def check_every_url_has_an_area(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    seen: set[str] = set()
    for route, namespace in _url_namespaces(get_resolver().url_patterns):
        if areas.area_for_namespace(namespace) is None:
            errors.append(
                Error(
                    f"The portal URL '/{route}' belongs to no area of the access policy.",
                    hint="Include it under the namespace of an area declared in an area.py.",
                    obj=route,
                    id="portal.E001",
                )
            )
        elif namespace:
            seen.add(namespace)
    for area in areas.all_areas():
        if area.namespace not in seen:
            errors.append(
                Error(
                    f"The access policy has an area '{area.namespace}' with no URL.",
                    hint="Remove the declaration or give it URLs.",
                    id="portal.E002",
                )
            )
        elif _home_missing(area):
            errors.append(
                Error(
                    f"The area '{area.namespace}' links to '{area.namespace}:{area.home}', "
                    "which is not one of its URLs.",
                    hint="Set home= to the name of a URL of the area that takes no argument.",
                    id="portal.E003",
                )
            )
    return errors


def _home_missing(area: Area) -> bool:
    try:
        area.path  # noqa: B018 (reverses the home URL)
    except NoReverseMatch:
        return True
    return False


@register()
def check_area_declarations(app_configs=None, **kwargs) -> list[Error | Warning]:
    declared = areas.all_areas()
    problems: list[Error | Warning] = [
        Error(
            f"Two areas are declared with the namespace '{namespace}'.",
            hint="Each area needs a namespace of its own: it is the area's key in the policy.",
            id="portal.E004",
        )
        for namespace, count in Counter(area.namespace for area in declared).items()
        if count > 1
    ]
    with_seeder = {area.namespace for area in declared if area.seeder is not None}
    for area in declared:
        for dependency in area.seed_after:
            if dependency not in with_seeder:
                problems.append(
                    Error(
                        f"The area '{area.namespace}' seeds after '{dependency}', which is no "
                        "area with a seeder.",
                        hint="seed_after names the namespaces of areas whose seeder runs first.",
                        id="portal.E005",
                    )
                )
    try:
        TopologicalSorter({area.namespace: area.seed_after for area in declared}).prepare()
    except CycleError as cycle:
        problems.append(
            Error(
                f"The areas' seed_after form a cycle: {' → '.join(cycle.args[1])}.",
                hint="A seeder can only read what seeders before it wrote.",
                id="portal.E006",
            )
        )
    if with_seeder:
        problems.extend(
            Warning(
                f"The area '{area.namespace}' has no demo-data seeder; the other areas seed "
                "theirs at a partner tenant's first sign-in, so its pages start empty.",
                hint="Declare seeder= in its area.py (manage.py startarea writes a stub), or "
                "no_demo_data=True if it shows no content of its own.",
                id="portal.W001",
            )
            for area in declared
            if area.sign_in and area.seeder is None and not area.no_demo_data
        )
    return problems
