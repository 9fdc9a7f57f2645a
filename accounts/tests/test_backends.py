from __future__ import annotations

import pytest

from accounts.backends import PortalOIDCBackend
from accounts.conf import ConfigurationError

TID = "6f1d3c4a-0b8e-4a51-9c36-2d5e8f7a1b01"


@pytest.mark.parametrize(
    ("claims", "accepted"),
    [
        ({"sub": "s", "tid": TID}, True),
        ({"sub": "s", "tid": "contoso"}, False),
        ({"tid": TID}, False),
    ],
)
def test_claims_need_a_subject_and_a_guid_tenant(claims, accepted):
    assert PortalOIDCBackend().verify_claims(claims) is accepted


def test_a_token_without_a_tenant_is_a_configuration_error_naming_the_authority():
    # Not "a user this portal does not accept": the provider is not an Entra tenant.
    with pytest.raises(ConfigurationError) as raised:
        PortalOIDCBackend().verify_claims({"sub": "s"})
    assert raised.value.setting == "OIDC_AUTHORITY"
    assert raised.value.upstream


@pytest.mark.django_db
def test_users_are_matched_on_object_id_not_on_upn():
    backend = PortalOIDCBackend()
    claims = {"sub": "s1", "oid": "oid-1", "tid": TID, "upn": "ada@contoso.com"}
    first = backend.create_user(claims)
    renamed = {**claims, "upn": "ada.lovelace@contoso.com"}
    (same,) = backend.filter_users_by_claims(renamed)
    assert same.pk == first.pk
    assert backend.update_user(same, renamed).email == "ada.lovelace@contoso.com"
    assert not backend.filter_users_by_claims({**claims, "oid": "oid-2"}).exists()
