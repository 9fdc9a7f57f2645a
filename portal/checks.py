"""System checks: the access policy covers every URL of the portal, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from portal import policy


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
        if policy.area_for_namespace(namespace) is None:
            errors.append(
                Error(
                    f"The portal URL '/{route}' belongs to no area of the access policy.",
                    hint="Include it under a namespace that has a row in portal.policy.",
                    obj=route,
                    id="portal.E001",
                )
            )
        elif namespace:
            seen.add(namespace)
    for area in (*policy.AREAS, *policy.PUBLIC_AREAS):
        if area.namespace not in seen:
            errors.append(
                Error(
                    f"The access policy has an area '{area.namespace}' with no URL.",
                    hint="Remove the row or include the area's URLs under that namespace.",
                    id="portal.E002",
                )
            )
    return errors
