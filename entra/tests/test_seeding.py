from allauth.idp.oidc.models import Client
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from entra import demo_data
from entra.models import Tenant, User


def test_seed_is_idempotent_and_keeps_registrations(db):
    call_command("seed_demo")
    secret_before = Authenticator.objects.get(
        user__email="alejandra@contoso.com", type="totp"
    ).data["secret"]
    call_command("seed_demo")
    assert Tenant.objects.count() == len(demo_data.TENANTS)
    assert User.objects.count() == len(demo_data.USERS)
    assert Client.objects.count() == 3
    assert Authenticator.objects.get(
        user__email="alejandra@contoso.com", type="totp"
    ).data["secret"] == secret_before


def test_personas_roles_and_policies(directory):
    contoso = Tenant.objects.get(name="Contoso")
    assert contoso.requires_mfa_at_sign_in
    assert not Tenant.objects.get(name="Fabrikam").requires_mfa_at_sign_in
    for upn in ("alejandra@contoso.com", "prashob@wingtip.com", "john@fabrikam.com",
                "trent@wingtiptoys.com"):
        assert User.objects.get(email=upn).roles == ["AdminAgent"]
    assert User.objects.get(email="no.role@contoso.com").roles == []
    contoso_users = User.objects.filter(tenant=contoso)
    assert all(Authenticator.objects.filter(user=u, type="totp").exists() for u in contoso_users)
    assert not Authenticator.objects.filter(user__email="john@fabrikam.com").exists()

