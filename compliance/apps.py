from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "MFA compliance"
    default_auto_field = "django.db.models.BigAutoField"
