"""Serve only the allauth pages an identity provider names: an allowlist, not ``allauth.urls``.

allauth mounts sign-up, e-mail management, password reset and change, login by code and more,
and an upgrade may add pages. An identity provider of the simulator lists the page *names* it
needs; each is served at allauth's own route (so allauth's redirects keep working) and every
other allauth page is a 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, path
from django.urls.resolvers import RoutePattern


def _routes(
    patterns: Iterable[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # allauth declares its pages with path(); nothing to pick from a regex
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif entry.name:
            yield route, entry


def allauth_pages(
    names: Iterable[str], *, views: Mapping[str, Callable] | None = None
) -> list[URLPattern]:
    """URL patterns for allauth's pages ``names`` (at allauth's routes, under the prefix this
    list is included at). ``views`` replaces a page's view, by name (a subclass, a wrapper)."""
    from allauth import urls as allauth_urls

    views = dict(views or {})
    available = {p.name: (route, p) for route, p in _routes(allauth_urls.urlpatterns)}
    wanted = list(names)
    missing = sorted(set(wanted) - available.keys())
    if missing:
        raise ImproperlyConfigured(f"allauth serves no page named {', '.join(missing)}.")
    unused = sorted(views.keys() - set(wanted))
    if unused:
        raise ImproperlyConfigured(f"Views given for pages not served: {', '.join(unused)}.")
    return [
        path(available[name][0], views.get(name, available[name][1].callback), name=name)
        for name in wanted
    ]
