from django.apps import AppConfig


class AdfsConfig(AppConfig):
    """Wingtip AD FS: the federated identity provider of wingtip.com (journey 2).

    A separate service: neither the portal nor the mock Entra ID imports this package; the mock
    Entra ID reaches it through OpenID Connect only.
    """

    name = "adfs"
    verbose_name = "Wingtip AD FS"

    def ready(self) -> None:
        from config.idpkit import signing_keys

        from . import checks  # noqa: F401

        # allauth parses the signing key's PEM for every token otherwise.
        signing_keys.install()
