from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Partner Center's shell: navigation, overview, service health and the access policy."""

    name = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.signals import identity_verified
        from portal import checks  # noqa: F401 (registers the system checks)
        from portal.receivers import provision_workspace

        identity_verified.connect(provision_workspace, dispatch_uid="portal.provision_workspace")
