from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EntraConfig(AppConfig):
    """The mock Microsoft Entra ID. The portal never imports this package."""

    name = "entra"
    verbose_name = "Mock Microsoft Entra ID"

    def ready(self) -> None:
        from config.idpkit import device_code_compat, signing_keys

        from . import checks, receivers  # noqa: F401

        # Partner Center PowerShell's device code sign-in needs it (see the module).
        device_code_compat.install()
        # allauth parses the signing key's PEM for every token otherwise.
        signing_keys.install()


class EntraAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with the IdP's admin site (see ``entra.admin_site``)."""

    default = False  # named in INSTALLED_APPS; EntraConfig stays the app's default
    default_site = "entra.admin_site.EntraAdminSite"
