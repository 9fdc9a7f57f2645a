from django.apps import AppConfig


class CustomersConfig(AppConfig):
    """Partner Center's Customers area: the partner's customer tenants and their subscriptions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "customers"
