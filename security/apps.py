from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Partner Center's security workspace: security requirements and fraud events."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = _("Security workspace")
