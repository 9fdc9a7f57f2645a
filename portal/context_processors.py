from __future__ import annotations

from django.http import HttpRequest

from portal import areas, policy


def navigation(request: HttpRequest) -> dict:
    """Every area in the navigation, protected ones included: trainers click into them."""
    identity = getattr(request, "identity", None)
    return {
        "nav_areas": areas.navigation_areas(),
        "identity": identity,
        # The signed-in user's roles by their labels (Overview, the 403 page).
        "identity_roles": policy.role_labels(identity.roles) if identity else [],
        "current_area": getattr(request, "area", None),
    }
