from django.apps import AppConfig


class EntraConfig(AppConfig):
    """The mock Microsoft Entra ID. The portal never imports this package."""

    name = "entra"
    verbose_name = "Mock Microsoft Entra ID"

    def ready(self) -> None:
        from . import checks  # noqa: F401
