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



def test_only_the_public_powershell_client_has_the_device_code_grant(directory):
    device_code = Client.GrantType.DEVICE_CODE
    powershell = Client.objects.get(id=demo_data.POWERSHELL_CLIENT_ID)
    assert powershell.type == Client.Type.PUBLIC
    assert device_code in powershell.get_grant_types()
    others = Client.objects.exclude(id=demo_data.POWERSHELL_CLIENT_ID)
    assert all(device_code not in c.get_grant_types() for c in others)


def test_the_service_account_has_a_password_and_no_mfa_method(directory):
    service = User.objects.get(email="svc.automation@fabrikam.com")
    assert service.get_full_name() == "Service Automation"
    assert service.roles == ["AdminAgent"]
    assert service.has_usable_password()
    assert not service.tenant.requires_mfa_at_sign_in  # Fabrikam: the password alone signs in
    assert not Authenticator.objects.filter(user=service).exists()
