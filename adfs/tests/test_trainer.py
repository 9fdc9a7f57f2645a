"""The trainer's page: see and flip each user's "MFA is not required" switch."""

from __future__ import annotations

import pytest

from adfs.models import User
from adfs.services import demo_totp_secret

UPN = "prashob@wingtip.com"
TOGGLE = f"/trainer/users/{UPN}/mfa"


@pytest.fixture
def trainer(client, directory):
    return client


def test_the_page_lists_users_with_their_switch_and_authenticator(trainer):
    page = trainer.get("/trainer/users/")
    assert page.status_code == 200
    text = page.content.decode()
    assert UPN in text
    assert demo_totp_secret(UPN) in text  # to enrol the authenticator app
    assert 'data-testid="skip-mfa-toggle"' in text
    assert "enforceMfaByFederatedIdp" in text


@pytest.mark.parametrize("skip", [True, False])
def test_the_switch_flips(trainer, skip):
    User.objects.filter(email=UPN).update(skip_mfa=not skip)
    response = trainer.post(TOGGLE, {"skip": str(skip).lower()})
    assert response.status_code == 303
    assert User.objects.get(email=UPN).skip_mfa is skip


def test_the_form_is_csrf_protected(directory):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(TOGGLE, {"skip": "true"})
    assert response.status_code == 403
    assert User.objects.get(email=UPN).skip_mfa is False


def test_a_bad_value_changes_nothing(trainer):
    trainer.post(TOGGLE, {"skip": "maybe"})
    assert User.objects.get(email=UPN).skip_mfa is False


def test_a_configured_qa_token_is_asked_for(trainer, settings):
    settings.ADFS = {**settings.ADFS, "QA_API_TOKEN": "s3cret"}
    assert 'name="qa_token"' in trainer.get("/trainer/users/").content.decode()
    trainer.post(TOGGLE, {"skip": "true", "qa_token": "wrong"})
    assert User.objects.get(email=UPN).skip_mfa is False
    trainer.post(TOGGLE, {"skip": "true", "qa_token": "s3cret"})
    assert User.objects.get(email=UPN).skip_mfa is True


def test_the_page_is_off_with_the_qa_api(trainer, settings):
    settings.ADFS = {**settings.ADFS, "QA_API_ENABLED": False}
    assert trainer.get("/trainer/users/").status_code == 404
    assert trainer.post(TOGGLE, {"skip": "true"}).status_code == 404
    assert User.objects.get(email=UPN).skip_mfa is False


@pytest.mark.security
def test_the_page_is_off_outside_demo_mode_even_with_the_qa_api(trainer, settings):
    # It shows authenticator secrets without signing in; a QA token does not make that safe.
    settings.DEMO = False
    settings.ADFS = {**settings.ADFS, "QA_API_TOKEN": "s3cret"}
    response = trainer.get("/trainer/users/")
    assert response.status_code == 404
    assert b"totp-secret" not in response.content
