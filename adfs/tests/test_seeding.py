from __future__ import annotations

from allauth.idp.oidc.models import Client
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management import call_command

from adfs.models import User
from adfs.seeding import seed_adfs_directory
from adfs.services import demo_totp_secret, totp_ensure

UPN = "prashob@wingtip.com"


def _totp_secret() -> str:
    authenticator = Authenticator.objects.get(user__email=UPN, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def test_seed_creates_prashob_with_a_stable_totp_and_the_federation_client(db):
    call_command("seed_adfs")
    prashob = User.objects.get(email=UPN)
    assert (prashob.given_name, prashob.family_name) == ("Prashob", "Menon")
    assert prashob.skip_mfa is False
    assert prashob.check_password("Passw0rd!Demo")
    assert _totp_secret() == demo_totp_secret(UPN)
    assert Client.objects.count() == 1


def test_seeding_again_changes_nothing(db):
    seed_adfs_directory()
    before = (list(User.objects.values_list("pk", "object_id")),
              list(Authenticator.objects.values_list("pk", flat=True)))
    assert seed_adfs_directory() == {"users": 1, "clients": 1}
    after = (list(User.objects.values_list("pk", "object_id")),
             list(Authenticator.objects.values_list("pk", flat=True)))
    assert before == after


def test_seed_puts_the_switch_password_and_secret_back(db):
    seed_adfs_directory()
    prashob = User.objects.get(email=UPN)
    prashob.skip_mfa = True
    prashob.set_password("changed")
    prashob.save()
    totp_ensure(user=prashob, secret="JBSWY3DPEHPK3PXP")
    seed_adfs_directory()
    prashob.refresh_from_db()
    assert not prashob.skip_mfa
    assert prashob.check_password("Passw0rd!Demo")
    assert _totp_secret() == demo_totp_secret(UPN)


def test_the_totp_secret_depends_on_this_origin_secret_key(settings):
    first = demo_totp_secret(UPN)
    settings.SECRET_KEY = "another-checkout"
    assert demo_totp_secret(UPN) != first


def test_reset_command_drops_what_users_did(db):
    seed_adfs_directory()
    User.objects.filter(email=UPN).update(skip_mfa=True)
    call_command("seed_adfs", "--reset")
    assert User.objects.get(email=UPN).skip_mfa is False
