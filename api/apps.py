from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Partner Center API"

    def ready(self) -> None:
        from api import checks, schema  # noqa: F401 (registers the checks, the schema extension)
