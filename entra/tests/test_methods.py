"""Common issue 4 (no smartphone) at the mock Entra ID, through its real pages: the methods a
tenant allows as the registration list, a hardware OATH token, codes by SMS and voice call to
the simulated phone; single use, expiry, failure and resend limits, bad input as form errors,
the allow-list enforced on direct posts, removal behind MFA, the QA switches and resets."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from entra import selectors, services
from entra.internal.interaction import mfa_prompt
from entra.internal.signin_state import signin_state
from entra.methods import selectors as method_selectors
from entra.methods import services as method_services
from entra.models import HardwareOathToken, PhoneCode, PhoneMethod, Tenant, User

JOHN = "john@fabrikam.com"  # Fabrikam: no MFA policy, every method allowed, no method yet
PASSWORD = "Passw0rd!Demo"
NUMBER = "+1 425 555 0100"


@pytest.fixture
def browser(directory) -> Client:
    return Client()


@pytest.fixture
def trainer_pages(settings):
    settings.ENTRA = {**settings.ENTRA, "TRAINER_PAGES_ENABLED": True}


def _password(client: Client, upn: str = JOHN) -> None:
    response = client.post("/accounts/login/", {"login": upn, "password": PASSWORD})
    assert response.status_code == 302


def _amr(client: Client) -> tuple[str, ...]:
    return tuple(client.get("/").context["state"].amr)


def _john() -> User:
    return User.objects.get(email=JOHN)


def _allow(domain: str, *methods: str) -> None:
    method_services.tenant_authentication_methods_set(
        tenant=Tenant.objects.get(domain=domain), methods=list(methods)
    )


def _register_phone(client: Client, delivery: str = "sms"):
    return client.post("/mfa/register/phone/", {"phone_number": NUMBER, "delivery": delivery})


def _latest_code(user: User) -> str:
    return PhoneCode.objects.filter(user=user).order_by("-created_at").first().code


# --- the tenant's allow-list --------------------------------------------------------------


def test_seeded_tenants_allow_what_the_readme_says(directory):
    allowed = {t.domain: t.authentication_methods for t in Tenant.objects.all()}
    everything = ["MicrosoftAuthenticator", "Fido2", "HardwareOath", "Sms", "Voice"]
    assert allowed["contoso.com"] == everything
    assert allowed["fabrikam.com"] == everything
    assert allowed["wingtip.com"] == ["MicrosoftAuthenticator", "Fido2", "HardwareOath"]
    assert allowed["adatum.com"] == ["MicrosoftAuthenticator"]  # security defaults


def test_the_registration_interrupt_lists_the_methods_the_tenant_allows(browser):
    _password(browser)
    page = browser.get("/mfa/register/").content.decode()
    for key in ("MicrosoftAuthenticator", "Fido2", "HardwareOath", "Sms", "Voice"):
        assert f'data-testid="mfa-method-{key}"' in page
    assert 'data-testid="mfa-register-secret"' in page  # the app, Entra's default, opened

    _allow("fabrikam.com", "HardwareOath", "Sms")
    page = browser.get("/mfa/register/").content.decode()
    assert 'data-testid="mfa-method-Sms"' in page
    assert 'data-testid="mfa-method-Voice"' not in page
    assert 'data-testid="mfa-register-secret"' not in page  # the app is not allowed


@pytest.mark.parametrize(
    ("allowed", "path", "data"),
    [
        (["Fido2"], "/mfa/register/phone/", {"phone_number": NUMBER, "delivery": "sms"}),
        (["Sms"], "/mfa/register/phone/", {"phone_number": NUMBER, "delivery": "voice"}),
        (["Sms"], "/mfa/register/token/", {"code": "123456"}),
        (["Sms"], "/mfa/register/", {"code": "123456"}),
        (["Sms"], "/accounts/2fa/totp/activate/", {"code": "123456"}),
    ],
)
def test_a_method_the_tenant_does_not_allow_cannot_be_registered_by_posting(
    browser, allowed, path, data
):
    _allow("fabrikam.com", *allowed)
    _password(browser)
    response = browser.post(path, data)
    assert response.status_code == 403
    assert b'data-testid="mfa-method-not-allowed"' in response.content
    assert not selectors.user_has_entra_mfa_method(user=_john())
    assert not HardwareOathToken.objects.filter(user=_john()).exists()


def test_an_unknown_method_is_refused_by_the_service(directory):
    with pytest.raises(ValueError, match="Unknown"):
        _allow("fabrikam.com", "Carrier pigeon")


# --- phone: registration ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+1 (425) 555-0100", "+14255550100"), ("0082 10 1234 5678", "+821012345678"),
     ("+44.20.7946.0958", "+442079460958")],
)
def test_phone_numbers_are_stored_as_e164(typed, stored):
    assert method_services.phone_number_normalize(typed) == stored


@pytest.mark.parametrize(
    "junk", ["", "4255550100", "+0123456789", "call me maybe", "+1 425", "+1234567890123456",
             "+1 425 555 0100 ext 9", "+१२३४५६७८९"],
)
def test_a_junk_phone_number_is_a_form_error_and_nothing_is_saved(browser, junk):
    _password(browser)
    response = browser.post("/mfa/register/phone/", {"phone_number": junk, "delivery": "sms"})
    assert response.status_code == 400
    assert b'data-testid="phone-number-error"' in response.content
    assert not PhoneMethod.objects.exists()


def test_a_first_phone_continues_to_recovery_codes_then_phone_verification(browser):
    _password(browser)
    response = _register_phone(browser)
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/registered/")
    registered = browser.get(response["Location"])
    assert b'data-testid="mfa-recovery-codes"' in registered.content
    assert registered.context["other"] == "phone"
    # "Continue" names the verification page, which sends the phone user to "Text me a code".
    verify = browser.get("/accounts/2fa/reauthenticate/?next=/")
    assert verify.status_code == 302
    assert verify["Location"].startswith("/mfa/verify/phone/")
    assert selectors.user_has_entra_mfa_method(user=_john())
    assert mfa_prompt(_john(), signin_state(_request(browser), _john())) == "mfa_reauthenticate"


def _request(client: Client):
    request = RequestFactory().get("/")
    request.session = client.session
    return request


# --- phone: verification ------------------------------------------------------------------


@pytest.fixture
def phone_user(browser) -> User:
    """John with a phone (and nothing else), signed in with the password in a new session."""
    method_services.phone_register(user=_john(), phone_number=NUMBER, delivery="sms")
    method_services.recovery_codes_ensure(user=_john())
    return _john()


@pytest.mark.parametrize(("channel", "amr"), [("sms", "sms"), ("voice", "tel")])
def test_a_code_by_sms_or_voice_completes_mfa_with_its_amr(browser, phone_user, channel, amr):
    _password(browser)
    page = browser.get("/mfa/verify/phone/?next=/")
    assert b'data-testid="phone-send-sms"' in page.content
    assert b'data-testid="phone-send-voice"' in page.content
    sent = browser.post("/mfa/verify/phone/?next=/", {"channel": channel})
    assert sent.status_code == 303
    response = browser.post(
        f"/mfa/verify/phone/?sent={channel}&next=/", {"code": _latest_code(phone_user)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _amr(browser) == ("pwd", "mfa", amr)


def test_a_phone_code_is_single_use(browser, phone_user):
    _password(browser)
    browser.post("/mfa/verify/phone/", {"channel": "sms"})
    code = _latest_code(phone_user)
    assert browser.post("/mfa/verify/phone/", {"code": code}).status_code == 302
    again = browser.post("/mfa/verify/phone/", {"code": code})
    assert again.status_code == 400
    assert b'data-testid="mfa-error"' in again.content


def test_an_expired_phone_code_is_refused(browser, phone_user):
    _password(browser)
    browser.post("/mfa/verify/phone/", {"channel": "sms"})
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = browser.post("/mfa/verify/phone/", {"code": _latest_code(phone_user)})
    assert response.status_code == 400
    assert _amr(browser) == ("pwd",)


def test_a_phone_code_works_only_in_the_browser_session_that_asked(browser, phone_user):
    _password(browser)
    browser.post("/mfa/verify/phone/", {"channel": "sms"})
    other = Client()
    _password(other)
    assert other.post("/mfa/verify/phone/", {"code": _latest_code(phone_user)}).status_code == 400
    assert _amr(other) == ("pwd",)


def test_wrong_phone_codes_lock_mfa_even_for_the_right_code(browser, phone_user):
    _password(browser)
    browser.post("/mfa/verify/phone/", {"channel": "sms"})
    for _ in range(5):
        assert browser.post("/mfa/verify/phone/", {"code": "000000"}).status_code == 400
    response = browser.post("/mfa/verify/phone/", {"code": _latest_code(phone_user)})
    assert response.status_code == 429
    assert _amr(browser) == ("pwd",)


def test_resending_is_rate_limited(browser, phone_user):
    _password(browser)
    assert browser.post("/mfa/verify/phone/", {"channel": "sms"}).status_code == 303
    again = browser.post("/mfa/verify/phone/", {"channel": "voice"})
    assert again.status_code == 429
    assert b'data-testid="phone-send-error"' in again.content
    assert PhoneCode.objects.count() == 1


def test_a_channel_the_tenant_switched_off_is_not_sent(browser, phone_user):
    _allow("fabrikam.com", "Sms")
    _password(browser)
    assert b'data-testid="phone-send-voice"' not in browser.get("/mfa/verify/phone/").content
    assert browser.post("/mfa/verify/phone/", {"channel": "voice"}).status_code == 400
    assert not PhoneCode.objects.exists()


def test_the_phone_page_shows_the_sms_code(browser, phone_user, trainer_pages):
    _password(browser)
    browser.post("/mfa/verify/phone/", {"channel": "sms"})
    code = _latest_code(phone_user)
    page = Client().get(f"/phone/{JOHN}/")
    assert page.status_code == 200
    assert b'data-testid="phone-inbox-sms"' in page.content
    assert code.encode() in page.content
    state = Client().get(f"/phone/{JOHN}/state").json()
    assert [m["code"] for m in state["messages"]] == [code]


def test_two_redemptions_of_one_code_have_one_winner(phone_user):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.8")
    sent = method_services.phone_code_send(user=phone_user, channel="sms", session_secret="s" * 43)
    first = method_services.phone_code_verify(
        user=phone_user, code=sent.code, session_secret="s" * 43, request=request
    )
    second = method_services.phone_code_verify(
        user=phone_user, code=sent.code, session_secret="s" * 43, request=request
    )
    assert first is not None
    assert second is None


# --- hardware OATH token ------------------------------------------------------------------


def test_a_hardware_token_is_assigned_activated_by_its_code_and_verifies(browser, trainer_pages):
    _password(browser)
    page = browser.get("/mfa/register/token/")
    assert page.status_code == 200
    token = page.context["token"]
    assert b'data-testid="oath-token-link"' in page.content
    display = Client().get(f"/token/{token.serial_number}/?press")
    assert display.status_code == 200
    code = display.context["code"]
    assert code == method_services.oath_token_code(token=token)
    response = browser.post("/mfa/register/token/", {"code": code})
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/registered/")
    assert method_selectors.user_oath_token(user=_john()) is not None

    fresh = Client()
    _password(fresh)
    assert fresh.get("/accounts/2fa/reauthenticate/?next=/")["Location"].startswith(
        "/mfa/verify/token/"
    )
    # The code that activated the token is spent; the next one verifies.
    import time

    assert fresh.post("/mfa/verify/token/", {"code": code}).status_code == 400
    following = method_services.oath_token_code(token=token, at=time.time() + 30)
    assert fresh.post("/mfa/verify/token/?next=/", {"code": following}).status_code == 302
    assert _amr(fresh) == ("pwd", "mfa", "otp")


@pytest.mark.parametrize("junk", ["", "12345", "abcdef", "1234567", "0" * 16])
def test_a_wrong_token_code_is_a_form_error(browser, junk):
    _password(browser)
    browser.get("/mfa/register/token/")
    response = browser.post("/mfa/register/token/", {"code": junk})
    assert response.status_code == 400
    assert b'data-testid="mfa-error"' in response.content
    assert method_selectors.user_oath_token(user=_john()) is None


def test_the_token_display_is_demo_mode_only(browser, settings):
    _password(browser)
    token = browser.get("/mfa/register/token/").context["token"]
    settings.ENTRA = {**settings.ENTRA, "TRAINER_PAGES_ENABLED": False}
    assert Client().get(f"/token/{token.serial_number}/").status_code == 404


# --- security info, other ways, QA ----------------------------------------------------------


def test_security_info_lists_the_methods_and_removes_them_only_after_mfa(browser, phone_user):
    _password(browser)
    page = browser.get("/").content.decode()
    assert 'data-testid="phone-method"' in page
    assert "+14255550100" in page
    refused = browser.post("/mfa/methods/phone/remove")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert PhoneMethod.objects.filter(user=phone_user).exists()

    browser.post("/mfa/verify/phone/", {"channel": "sms"})
    browser.post("/mfa/verify/phone/", {"code": _latest_code(phone_user)})
    assert browser.post("/mfa/methods/phone/remove").status_code == 303
    assert not PhoneMethod.objects.filter(user=phone_user).exists()


def test_a_user_with_several_methods_can_sign_in_another_way(directory):
    john = _john()
    services.totp_register(user=john, secret=services.demo_totp_secret(JOHN))
    method_services.phone_register(user=john, phone_number=NUMBER, delivery="voice")
    client = Client()
    _password(client)
    code_page = client.get("/accounts/2fa/reauthenticate/?method=code&next=/")
    assert b'data-testid="mfa-other-ways"' in code_page.content
    page = client.get("/mfa/verify/other/?next=/")
    ways = [w["key"] for w in page.context["ways"]]
    assert ways == ["app", "app_code", "voice", "sms"]  # the phone's default channel first


def test_qa_switches_a_tenants_methods_and_refuses_junk(directory):
    client = Client()
    url = "/qa/tenants/fabrikam.com/authentication-methods"
    bad = client.post(url, json.dumps({"methods": ["Sms", "Pigeon"]}),
                      content_type="application/json")
    assert bad.status_code == 400
    good = client.post(url, json.dumps({"methods": ["Voice", "Sms"]}),
                       content_type="application/json")
    assert good.json() == {"domain": "fabrikam.com", "methods": ["Sms", "Voice"]}
    assert client.post("/qa/tenants/nowhere.example/authentication-methods",
                       json.dumps({"methods": []}), content_type="application/json"
                       ).status_code == 404


def test_the_trainer_page_switches_a_tenants_methods(browser, trainer_pages):
    page = browser.get("/trainer/tenants/")
    assert b'data-testid="methods-form-fabrikam.com"' in page.content
    response = browser.post("/trainer/tenants/fabrikam.com/methods", {"methods": ["Sms"]})
    assert response.status_code == 303
    assert Tenant.objects.get(domain="fabrikam.com").authentication_methods == ["Sms"]
    bad = browser.post("/trainer/tenants/fabrikam.com/methods", {"methods": ["Pigeon"]})
    assert bad.status_code == 303
    assert Tenant.objects.get(domain="fabrikam.com").authentication_methods == ["Sms"]


def test_qa_user_reset_drops_the_phone_and_token(browser, phone_user):
    _allow("fabrikam.com", "Voice")
    HardwareOathToken.objects.create(user=phone_user, serial_number="HW1", secret_key="A" * 32)
    response = Client().post(f"/qa/users/{JOHN}/reset", "{}", content_type="application/json")
    assert response.status_code == 200
    assert not PhoneMethod.objects.filter(user=phone_user).exists()
    assert not HardwareOathToken.objects.filter(user=phone_user).exists()
    assert Tenant.objects.get(domain="fabrikam.com").authentication_methods[-1] == "Voice"
    assert len(Tenant.objects.get(domain="fabrikam.com").authentication_methods) == 5


# --- the real authorize flow: amr in the issued ID token ------------------------------------


def _continue_url(text: str) -> str:
    return text.split('data-testid="mfa-continue"')[0].rsplit('href="', 1)[1].split('"')[0]


@pytest.mark.parametrize(("delivery", "amr"), [("sms", "sms"), ("voice", "tel")])
def test_registering_a_phone_at_the_step_up_puts_its_amr_in_the_id_token(
    visitor, idp, delivery, amr
):
    from entra.demo_data import POWERSHELL_CLIENT_ID
    from entra.tests import oidc_client

    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in(JOHN)
    stepped = oidc_client.start(idp, amr_values="mfa")
    visitor.open(stepped.url)
    page = visitor.last.text
    assert 'data-testid="mfa-methods"' in page  # registration first, as a list
    phone_link = page.split(f'data-testid="mfa-method-{delivery.capitalize()}"')[0]
    visitor.open(phone_link.rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&"))
    visitor.submit({"phone_number": NUMBER, "delivery": delivery,
                    **_next_of(visitor.last.text)})
    assert 'data-testid="mfa-recovery-codes"' in visitor.last.text
    visitor.open(_continue_url(visitor.last.text).replace("&amp;", "&"))
    assert f'data-testid="phone-send-{delivery}"' in visitor.last.text
    visitor.submit({"channel": delivery, **_next_of(visitor.last.text)})
    assert 'data-testid="phone-code"' in visitor.last.text
    visitor.submit({"code": _latest_code(_john()), **_next_of(visitor.last.text)})
    tokens = oidc_client.redeem(idp, stepped, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["amr"] == ["pwd", "mfa", amr]


def _next_of(text: str) -> dict[str, str]:
    import html
    import re

    found = re.search(r'name="next" value="([^"]*)"', text)
    return {"next": html.unescape(found.group(1))} if found else {}


def test_a_hardware_token_at_the_step_up_puts_otp_in_the_id_token(visitor, idp):
    import time

    from entra.demo_data import POWERSHELL_CLIENT_ID
    from entra.tests import oidc_client

    visitor.open(oidc_client.start(idp).url)
    visitor.sign_in(JOHN)
    stepped = oidc_client.start(idp, amr_values="mfa")
    visitor.open(stepped.url)
    link = visitor.last.text.split('data-testid="mfa-method-HardwareOath"')[0]
    visitor.open(link.rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&"))
    token = HardwareOathToken.objects.get(user=_john())
    visitor.submit({"code": method_services.oath_token_code(token=token),
                    **_next_of(visitor.last.text)})
    visitor.open(_continue_url(visitor.last.text).replace("&amp;", "&"))
    assert 'data-testid="oath-code"' in visitor.last.text
    following = method_services.oath_token_code(token=token, at=time.time() + 30)
    visitor.submit({"code": following, **_next_of(visitor.last.text)})
    tokens = oidc_client.redeem(idp, stepped, visitor.client_redirect)
    claims = oidc_client.verify(idp, tokens["id_token"], audience=POWERSHELL_CLIENT_ID)
    assert claims["amr"] == ["pwd", "mfa", "otp"]


def test_the_token_pages_read_in_korean(directory, trainer_pages):
    from testsupport.korean import (
        assert_korean,
        rendered_template_sources,
        template_msgids,
        untranslated_msgids,
    )

    john = _john()
    token = HardwareOathToken.objects.create(
        user=john, serial_number="HW0000000042", secret_key="A" * 32, activated_at=timezone.now()
    )
    korean = Client(headers={"Accept-Language": "ko"})
    _password(korean)
    for url in ("/mfa/verify/token/", f"/token/{token.serial_number}/?press"):
        response = korean.get(url)
        assert response.status_code == 200
        assert_korean(response.content.decode(), url=url)
        assert untranslated_msgids(template_msgids(rendered_template_sources(response))) == []
