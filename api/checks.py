"""System checks: every API view names an operation of ``api.policy`` for each method."""

from __future__ import annotations

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from api import policy
from api.permissions import OperationPolicy
from api.views.base import OperationView


def _api_views(patterns, prefix: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None:
                yield route, view_class


@register()
def check_every_api_view_has_operations(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for route, view_class in _api_views(get_resolver().url_patterns):
        if OperationPolicy not in getattr(view_class, "permission_classes", ()):
            continue  # not an operation (the OpenAPI document, its page)
        if not issubclass(view_class, OperationView):
            errors.append(Error(
                f"The API view at '/{route}' is not an api.views.base.OperationView.",
                obj=view_class,
                id="api.E002",
            ))
            continue
        methods = {m.upper() for m in view_class.http_method_names} - {"OPTIONS", "HEAD", "TRACE"}
        handled = {m for m in methods if hasattr(view_class, m.lower())}
        for method in sorted(handled):
            name = view_class.operations.get(method)
            if name not in policy.BY_NAME:
                errors.append(Error(
                    f"The API view at '/{route}' has no operation of api.policy for {method}.",
                    hint="Add the method to the view's `operations` and the row to api.policy.",
                    obj=view_class,
                    id="api.E001",
                ))
    return errors
