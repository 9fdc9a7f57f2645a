"""Trainers demo in Korean or English: the IdP's pages follow the chosen language."""

from entra.demo_data import POWERSHELL_CLIENT_ID


def test_sign_in_page_in_korean_from_the_browser_language(client, directory):
    response = client.get("/accounts/login/", headers={"Accept-Language": "ko"})
    assert "<h1>로그인</h1>" in response.content.decode()


def test_language_switch_is_remembered_for_the_session(client, directory):
    client.post("/i18n/setlang/", {"language": "ko", "next": "/accounts/login/"})
    assert "암호" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "<h1>Sign in</h1>" in client.get("/accounts/login/").content.decode()


def test_device_page_in_korean(client, directory):
    device = client.post(
        "/identity/o/api/device/code", data=f"client_id={POWERSHELL_CLIENT_ID}",
        content_type="application/x-www-form-urlencoded",
    ).json()
    client.post("/accounts/login/", {"login": "john@fabrikam.com", "password": "Passw0rd!Demo"})
    page = client.get(
        "/identity/o/device", {"code": device["user_code"]}, headers={"Accept-Language": "ko"}
    ).content.decode()
    assert "<h1>로그인하려고 하십니까?</h1>" in page
