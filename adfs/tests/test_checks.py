from adfs.checks import check_origin, check_signing_key


def test_a_bad_signing_key_is_an_error(settings):
    settings.IDP_OIDC_PRIVATE_KEY = "not a key"
    assert [m.id for m in check_signing_key(None)] == ["adfs.E001"]


def test_the_configured_key_and_origin_pass(settings):
    assert check_signing_key(None) == []
    assert check_origin(None) == []


def test_an_ip_origin_and_the_default_cookie_name_are_reported(settings):
    settings.ADFS_BASE_URL = "http://127.0.0.1:8002"
    settings.SESSION_COOKIE_NAME = "sessionid"
    assert sorted(m.id for m in check_origin(None)) == ["adfs.E002", "adfs.W001"]
