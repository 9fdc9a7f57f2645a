from __future__ import annotations

from django.http import HttpRequest

from portal import policy


def navigation(request: HttpRequest) -> dict:
    """Every area in the navigation, protected ones included: trainers click into them."""
    return {
        "nav_areas": policy.AREAS,
        "identity": getattr(request, "identity", None),
        "current_area": getattr(request, "area", None),
    }
