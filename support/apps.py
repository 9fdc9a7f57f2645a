from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Partner Center's "Support > Customer requests": tickets a partner opens for a customer."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
