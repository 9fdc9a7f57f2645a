"""Korean or English, by the browser's language or the links under each page."""

from __future__ import annotations


def test_the_sign_in_page_speaks_korean(client, directory):
    page = client.get("/accounts/login/", headers={"Accept-Language": "ko"}).content.decode()
    assert "조직 계정으로 로그인" in page
    assert 'data-testid="signin-email"' in page


def test_the_language_links_switch_and_remember(client, directory, settings):
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/accounts/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert settings.LANGUAGE_COOKIE_NAME == "adfs_language"
    assert "조직 계정으로 로그인" in client.get("/accounts/login/").content.decode()


def test_ad_fs_wording_of_a_wrong_password_is_translated(client, directory):
    page = client.post(
        "/accounts/login/", {"login": "prashob@wingtip.com", "password": "wrong"},
        headers={"Accept-Language": "ko"},
    ).content.decode()
    assert "사용자 ID 또는 암호가 올바르지 않습니다" in page
