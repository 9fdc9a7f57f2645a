"""The account adapter: what allauth's sign-in does differently at the mock Entra ID."""


def test_the_idp_pages_show_no_signed_in_banners(client, directory):
    client.post("/accounts/login/", {"login": "john@fabrikam.com", "password": "Passw0rd!Demo"})
    assert b"Successfully signed in" not in client.get("/trainer/tenants/").content
