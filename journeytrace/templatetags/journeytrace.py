"""``{% journey_trace_panel %}``: the side panel of the portal's layout (latest journey)."""

from __future__ import annotations

from django import template
from django.db import DatabaseError

from journeytrace import selectors

register = template.Library()


@register.inclusion_tag("journeytrace/panel_steps.html", takes_context=True)
def journey_trace_panel(context: template.Context) -> dict:
    request = context.get("request")
    try:
        steps = selectors.trace_latest_journey(request=request) if request is not None else []
    except DatabaseError:
        # The layout also draws the error and outage pages: a panel must never break them.
        steps = []
    return {"steps": selectors.trace_shown(steps=steps)}
