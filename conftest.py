"""Fixtures shared by the portal's tests (run with config.settings.portal_test).

The IdP's tests (config.settings.idp_test) never request these; imports stay inside fixtures so
that this module loads under either settings.
"""

from __future__ import annotations

import uuid

import pytest

# The browser fixtures (pc, idp, signed_in_as, ...) for every Playwright test.
pytest_plugins = ("e2e.fixtures",)

CONTOSO_TENANT_ID = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"
FABRIKAM_TENANT_ID = "9b3f6c8d-2e0a-4d73-9f58-4a7b0c9d3e03"


@pytest.fixture
def sign_in(client, db):
    """Sign the test client in with the claims a verified ID token would carry.

    For view tests of the areas; the relying party itself is tested against the real IdP in
    accounts/tests and e2e/.
    """
    from django.contrib.auth import get_user_model

    from accounts.identity import CLAIMS_SESSION_KEY, PartnerIdentity
    from portal.workspace import workspace_ensure

    def _sign_in(
        *,
        roles: tuple[str, ...] = ("AdminAgent",),
        mfa: bool = True,
        upn: str = "admin.agent@contoso.com",
        tenant_id: str = CONTOSO_TENANT_ID,
    ) -> PartnerIdentity:
        object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"user:{upn}"))
        user, _ = get_user_model().objects.get_or_create(username=object_id, email=upn)
        client.force_login(user)
        claims = {
            "sub": object_id, "oid": object_id, "tid": tenant_id, "upn": upn, "name": upn,
            "roles": list(roles), "amr": ["pwd", "mfa"] if mfa else ["pwd"],
        }
        session = client.session
        session[CLAIMS_SESSION_KEY] = claims
        session.save()
        workspace_ensure(partner_tenant_id=tenant_id)
        return PartnerIdentity.from_claims(claims)

    return _sign_in


@pytest.fixture(scope="session")
def mock_idp(live_server, tmp_path_factory):
    """The mock Entra ID in a child process, seeded, redirecting to the portal's live server."""
    from django.conf import settings

    from testsupport.mock_idp import MockIdp

    idp = MockIdp(
        portal_url=live_server.url,
        workdir=tmp_path_factory.mktemp("mock-idp"),
        client_secret=settings.OIDC_RP_CLIENT_SECRET,
    ).start()
    yield idp
    idp.stop()


@pytest.fixture
def portal(live_server, mock_idp, settings, transactional_db) -> str:
    """The portal on a live server, signed in through the freshly reset mock IdP."""
    from accounts.provider import forget_provider

    mock_idp.reset()
    settings.OIDC_AUTHORITY = mock_idp.url
    settings.OIDC_JWKS_REFRESH_COOLDOWN = 0
    forget_provider()
    yield live_server.url
    forget_provider()


@pytest.fixture(scope="session")
def mock_adfs(tmp_path_factory):
    """Wingtip AD FS in a child process, seeded with Prashob and Entra ID's federation client.

    It and ``mock_idp`` take their URLs (``ADFS_BASE_URL``, ``IDP_BASE_URL``) and the federation
    client's secret from one ``testsupport.mock_idp.federation_plan()``, whichever starts first.
    """
    from testsupport.mock_idp import MockAdfs

    adfs = MockAdfs(workdir=tmp_path_factory.mktemp("mock-adfs")).start()
    yield adfs
    adfs.stop()
