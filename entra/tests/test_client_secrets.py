"""Client secrets under a fast salted digest (``config.idpkit.hashers``), people's passwords
under Django's slow hasher in production mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.idp.oidc.models import Client
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher, make_password

from config.idpkit.checks import client_secret_hasher_problem
from config.idpkit.hashers import ClientSecretHasher, DemoPasswordHasher, client_secret_set
from config.settings.devsecrets import generate_rsa_pem
from config.settings.identity_provider import password_hashers
from entra import demo_data
from entra.models import User

SECRET = "s3cr3t-" * 6


@pytest.mark.parametrize("hasher", [ClientSecretHasher(), DemoPasswordHasher()])
def test_the_digest_is_salted_and_checks_only_the_right_secret(hasher):
    first, second = (make_password(SECRET, hasher=hasher) for _ in range(2))
    assert first != second  # a salt each
    assert first.startswith(f"{hasher.algorithm}$")
    assert hasher.verify(SECRET, first)
    assert hasher.verify(SECRET, second)
    for wrong in ("", SECRET[:-1], SECRET + "x", SECRET.upper()):
        assert not hasher.verify(wrong, first)
    assert SECRET not in first
    assert "…" in str(hasher.safe_summary(first))


@pytest.mark.django_db
def test_seeded_clients_are_checked_by_allauth_without_the_password_hasher(directory, monkeypatch):
    def slow_hasher_used(*args, **kwargs):
        raise AssertionError("the password hasher ran")

    monkeypatch.setattr(PBKDF2PasswordHasher, "verify", slow_hasher_used)
    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", slow_hasher_used)
    automation = Client.objects.get(id=demo_data.AUTOMATION_CLIENT_ID)
    assert isinstance(identify_hasher(automation.secret), ClientSecretHasher)
    assert automation.check_secret(settings.ENTRA_AUTOMATION_CLIENT_SECRET)  # allauth's check
    assert not automation.check_secret(settings.ENTRA_AUTOMATION_CLIENT_SECRET[:-1])


@pytest.mark.django_db
def test_a_secret_stored_by_allauth_still_works_and_the_seed_rewrites_it(directory):
    from entra.seeding import seed_demo_directory

    portal = Client.objects.get(id=settings.PORTAL_OIDC_CLIENT_ID)
    portal.secret = make_password(settings.PORTAL_OIDC_CLIENT_SECRET, hasher="pbkdf2_sha256")
    portal.save()  # as allauth's set_secret left it before
    assert Client.objects.get(pk=portal.pk).check_secret(settings.PORTAL_OIDC_CLIENT_SECRET)
    seed_demo_directory()
    portal.refresh_from_db()
    assert portal.secret.startswith(f"{ClientSecretHasher.algorithm}$")
    assert portal.check_secret(settings.PORTAL_OIDC_CLIENT_SECRET)


def test_setting_the_same_secret_again_changes_nothing():
    client = Client(id="c", secret="")
    client_secret_set(client=client, secret=SECRET)
    stored = client.secret
    client_secret_set(client=client, secret=SECRET)
    assert client.secret == stored
    client_secret_set(client=client, secret=SECRET + "2")
    assert client.secret != stored
    assert client.check_secret(SECRET + "2")


def test_a_public_client_has_a_secret_nothing_matches():
    client = Client(id="c", secret="")
    client_secret_set(client=client, secret=None)
    assert not client.check_secret("")
    assert not client.check_secret(client.secret)


def test_production_hashes_passwords_slowly_and_demo_mode_fast():
    production, demo = password_hashers(demo=False), password_hashers(demo=True)
    assert production[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert demo[0] == "config.idpkit.hashers.DemoPasswordHasher"
    # Both read both (a directory seeded in demo mode still signs in, and is re-hashed), and
    # both read client secrets.
    assert set(production) == set(demo)
    assert production[-1] == demo[-1] == "config.idpkit.hashers.ClientSecretHasher"


@pytest.mark.django_db
def test_demo_accounts_use_the_fast_hasher_in_demo_mode(directory):
    user = User.objects.get(email="alejandra@contoso.com")
    assert isinstance(identify_hasher(user.password), DemoPasswordHasher)
    assert user.check_password(settings.ENTRA["DEMO_PASSWORD"])


def test_a_missing_client_secret_hasher_is_a_configuration_error(settings):
    assert client_secret_hasher_problem() is None
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert "ClientSecretHasher" in client_secret_hasher_problem()


@pytest.mark.security
def test_the_fast_hasher_is_not_the_default_in_production(tmp_path):
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.idp",
        "SIMULATOR_MODE": "production", "IDP_SECRET_KEY": "k" * 64,
        "IDP_SIGNING_KEY": generate_rsa_pem(), "PORTAL_OIDC_CLIENT_SECRET": "p" * 40,
        "AUTOMATION_CLIENT_SECRET": "a" * 40,
        "IDP_DATABASE_URL": f"sqlite:///{tmp_path / 'idp.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; import django; "
         "django.setup(); print(settings.PASSWORD_HASHERS[0])"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True,
        check=False,
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher", (
        result.stderr
    )
