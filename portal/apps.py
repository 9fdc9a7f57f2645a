from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Partner Center's shell: navigation, overview and service health."""

    name = "portal"
