from entra.checks import check_idp_origin, check_signing_key


def test_signing_key_must_be_rsa_pem(settings):
    assert check_signing_key(None) == []
    settings.IDP_OIDC_PRIVATE_KEY = "not a key"
    assert [m.id for m in check_signing_key(None)] == ["entra.E001"]


def test_ip_origin_and_default_cookie_name_are_flagged(settings):
    assert check_idp_origin(None) == []
    settings.IDP_BASE_URL = "http://127.0.0.1:8001"
    settings.SESSION_COOKIE_NAME = "sessionid"
    assert sorted(m.id for m in check_idp_origin(None)) == ["entra.E003", "entra.W001"]
