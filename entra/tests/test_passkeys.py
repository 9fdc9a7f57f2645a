"""Passkeys and security keys (WebAuthn) at the mock Entra ID, through its real pages and
allauth's and fido2's real checks; the device is a software passkey (``webauthn_device``).

Registration (security info, the registration interrupt), verification (step-up and the
tenant policy's sign-in stage) with ``amr`` = pwd, mfa, fido, Entra's proof rule on the new
pages, bad answers (malformed, replayed, for another origin, too many), and the QA resets.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import NoReverseMatch, reverse

from entra import selectors, services
from entra.internal.interaction import mfa_prompt
from entra.internal.signin_state import signin_state
from entra.models import User
from entra.tests.webauthn_device import HOST, SoftwarePasskey, as_post

JOHN = "john@fabrikam.com"  # Fabrikam: no MFA policy, no method until journey 3
ALEJANDRA = "alejandra@contoso.com"  # Contoso: MFA at every sign-in, an authenticator app
PASSWORD = "Passw0rd!Demo"
ADD = "/accounts/2fa/webauthn/add/"
VERIFY = "/accounts/2fa/webauthn/reauthenticate/"
CODE_VERIFY = "/accounts/2fa/reauthenticate/"
# A client's authorize URL waiting for MFA (next of every MFA page).
NEXT = "/identity/o/authorize?client_id=portal&response_type=code"


@pytest.fixture
def browser(directory) -> Client:
    """A browser on the IdP's host-name origin (the relying party id is its host)."""
    return Client(HTTP_HOST=HOST)


def _password(browser: Client, upn: str = JOHN) -> None:
    response = browser.post("/accounts/login/", {"login": upn, "password": PASSWORD})
    assert response.status_code == 302


def _register(browser: Client, device: SoftwarePasskey, next_url: str | None = None):
    query = f"?next={next_url}" if next_url else ""
    page = browser.get(ADD + query)
    assert page.status_code == 200
    answer = device.create(page.context["js_data"]["creation_options"])
    data = {"name": "John's phone", "credential": as_post(answer)}
    if next_url:
        data["next"] = next_url
    return browser.post(ADD, data)


def _verify(browser: Client, device: SoftwarePasskey, next_url: str = NEXT):
    page = browser.get(f"{VERIFY}?next={next_url}")
    assert page.status_code == 200
    answer = device.get(page.context["js_data"]["request_options"])
    return browser.post(VERIFY, {"credential": as_post(answer), "next": next_url}), answer


def _amr(browser: Client) -> tuple[str, ...]:
    return tuple(browser.get("/").context["state"].amr)


@pytest.fixture
def passkey_user(browser) -> SoftwarePasskey:
    """John after registering a passkey (and nothing else) in this browser's session."""
    device = SoftwarePasskey()
    _password(browser)
    assert _register(browser, device).status_code == 302
    return device


# --- settings -----------------------------------------------------------------------------


def test_webauthn_is_on_for_mfa_but_passwordless_sign_in_is_off(settings, browser):
    assert "webauthn" in settings.MFA_SUPPORTED_TYPES
    assert settings.MFA_PASSKEY_LOGIN_ENABLED is False
    assert settings.MFA_PASSKEY_SIGNUP_ENABLED is False
    # allauth's switch would accept an assertion made for any origin: off in every mode.
    assert settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN is False
    with pytest.raises(NoReverseMatch):
        reverse("mfa_login_webauthn")
    assert browser.post("/accounts/2fa/webauthn/login/", {"credential": "{}"}).status_code == 404


def test_the_relying_party_is_the_idps_host_name(browser):
    _password(browser)
    options = browser.get(ADD).context["js_data"]["creation_options"]["publicKey"]
    assert options["rp"]["id"] == "localhost"
    assert options["authenticatorSelection"]["residentKey"] == "discouraged"  # MFA, not login


@pytest.mark.security
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/webauthn/",
        "/accounts/2fa/webauthn/login/",
        "/accounts/2fa/webauthn/signup/",
        "/accounts/2fa/webauthn/keys/1/edit/",
    ],
)
def test_webauthn_pages_entra_does_not_have_answer_404(browser, path):
    browser.force_login(User.objects.get(email=JOHN))
    assert browser.get(path).status_code == 404
    assert browser.post(path, {"credential": "{}"}).status_code == 404


# --- registration -------------------------------------------------------------------------


def test_the_registration_interrupt_offers_a_passkey_with_the_same_next(browser):
    _password(browser)
    page = browser.get(f"/mfa/register/?next={NEXT}").content.decode()
    assert 'data-testid="mfa-register-passkey"' in page
    assert f"{ADD}?next=%2Fidentity%2Fo%2Fauthorize%3Fclient_id%3Dportal" in page


def test_a_first_passkey_continues_to_recovery_codes_then_verification(browser):
    device = SoftwarePasskey()
    _password(browser)
    response = _register(browser, device, next_url=NEXT)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/mfa/registered/"
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [NEXT]

    user = User.objects.get(email=JOHN)
    assert [a.type for a in Authenticator.objects.filter(user=user).order_by("type")] == [
        "recovery_codes", "webauthn"
    ]
    registered = browser.get(response["Location"])
    assert registered.context["passkey"] is True
    assert len(registered.context["recovery_codes"]) == 10
    # "Continue" goes to verification, which for a passkey-only user is the passkey prompt.
    verify = browser.get(registered.context["verify_url"])
    assert verify.status_code == 302
    assert urlsplit(verify["Location"]).path == VERIFY
    assert parse_qs(urlsplit(verify["Location"]).query)["next"] == [NEXT]


def test_a_passkey_added_at_security_info_is_listed_there(browser):
    device = SoftwarePasskey()
    _password(browser, ALEJANDRA)
    browser.post("/accounts/2fa/authenticate/", {
        "code": pyotp.TOTP(services.demo_totp_secret(ALEJANDRA)).now()
    })
    response = _register(browser, device)
    assert response["Location"] == "/"  # back to security info, not the interrupt's pages
    page = browser.get("/").content.decode()
    assert 'data-testid="passkey-name">John&#x27;s phone<' in page
    assert 'data-testid="passkey-remove"' in page
    # With an authenticator app too, the code page of a step-up offers the passkey, next kept.
    code_page = browser.get(f"{CODE_VERIFY}?method=code&next=/").content.decode()
    (href,) = re.findall(r'href="([^"]+)" data-testid="mfa-use-passkey"', code_page)
    link = urlsplit(html.unescape(href))
    assert link.path == VERIFY
    assert parse_qs(link.query)["next"] == ["/"]


# --- verification -------------------------------------------------------------------------


def test_a_passkey_only_user_is_sent_to_verification_not_registration(browser, passkey_user):
    user = User.objects.get(email=JOHN)
    assert selectors.user_has_entra_mfa_method(user=user)
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    request = fresh.get("/").wsgi_request
    assert mfa_prompt(user, signin_state(request, user)) == "mfa_reauthenticate"
    # ...whose code page sends a passkey-only user on to the passkey prompt, next kept,
    response = fresh.get(f"{CODE_VERIFY}?next={NEXT}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")
    # unless a recovery code was chosen.
    assert fresh.get(f"{CODE_VERIFY}?method=code&next={NEXT}").status_code == 200
    # The authenticator app's registration asks for the passkey first, too.
    assert fresh.get("/mfa/register/").status_code == 302


def test_a_step_up_with_the_passkey_says_fido_in_amr(browser, passkey_user):
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    assert _amr(fresh) == ("pwd",)
    response, _ = _verify(fresh, passkey_user, next_url="/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _amr(fresh) == ("pwd", "mfa", "fido")


def test_mfa_at_sign_in_takes_a_passkey(browser):
    """Contoso asks MFA at every sign-in: allauth's sign-in stage with a passkey."""
    device = SoftwarePasskey()
    _password(browser, ALEJANDRA)
    browser.post("/accounts/2fa/authenticate/", {
        "code": pyotp.TOTP(services.demo_totp_secret(ALEJANDRA)).now()
    })
    _register(browser, device)

    fresh = Client(HTTP_HOST=HOST)
    _password(fresh, ALEJANDRA)
    stage = fresh.get("/accounts/2fa/authenticate/?method=code")
    assert 'data-testid="passkey-verify"' in stage.content.decode()
    answer = device.get(stage.context["js_data"]["request_options"])
    response = fresh.post("/accounts/2fa/authenticate/", {"credential": as_post(answer)})
    assert response.status_code == 302
    assert _amr(fresh) == ("pwd", "mfa", "fido")


def test_the_push_page_offers_the_passkey_to_a_user_who_has_one(browser):
    """Push comes first for an Authenticator user; one who also has a passkey sees it offered
    there, at sign-in (to the code page, which carries the passkey button) and at a step-up."""
    _password(browser, ALEJANDRA)
    first = browser.get("/accounts/2fa/authenticate/")
    assert 'data-testid="push-number"' in first.content.decode()
    assert 'data-testid="mfa-use-passkey"' not in first.content.decode()  # no passkey yet
    browser.post("/accounts/2fa/authenticate/", {
        "code": pyotp.TOTP(services.demo_totp_secret(ALEJANDRA)).now()
    })
    _register(browser, SoftwarePasskey())

    fresh = Client(HTTP_HOST=HOST)
    _password(fresh, ALEJANDRA)
    stage = fresh.get("/accounts/2fa/authenticate/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="mfa-use-passkey"', stage)
    assert link, "no passkey link on the push page at sign-in"
    passkey_page = fresh.get(html.unescape(link.group(1))).content.decode()
    assert 'data-testid="passkey-verify"' in passkey_page

    step_up = browser.get(f"{CODE_VERIFY}?next=/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="mfa-use-passkey"', step_up)
    assert link
    assert html.unescape(link.group(1)) == f"{VERIFY}?next=%2F"


# --- bad answers ------------------------------------------------------------------------------

MALFORMED = [
    "not json",
    "[]",
    "{}",
    '{"id": "x"}',  # allauth lets fido2's KeyError through: a 500 without entra.forms
    '{"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": '
    '{"clientDataJSON": "AAAA", "attestationObject": "AAAA"}}',  # fido2: ValueError
    '{"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": '
    '{"clientDataJSON": "AAAA", "authenticatorData": "AAAA", "signature": "AAAA"}}',
]


@pytest.mark.security
@pytest.mark.parametrize("credential", MALFORMED)
def test_a_malformed_registration_is_a_form_error(browser, credential):
    _password(browser)
    browser.get(ADD)
    response = browser.post(ADD, {"credential": credential})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not selectors.user_passkeys(user=User.objects.get(email=JOHN))


@pytest.mark.security
@pytest.mark.parametrize("credential", MALFORMED)
def test_a_malformed_answer_at_a_step_up_is_a_form_error_on_the_page(
    browser, passkey_user, credential
):
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    fresh.get(f"{VERIFY}?next={NEXT}")
    response = fresh.post(VERIFY, {"credential": credential, "next": NEXT})
    assert response.status_code == 200  # the page again, with the error and a new challenge
    assert 'data-testid="mfa-error"' in response.content.decode()
    assert response.context["js_data"]["request_options"]["publicKey"]["challenge"]
    assert _amr(fresh) == ("pwd",)


@pytest.mark.security
@pytest.mark.parametrize("credential", MALFORMED)
def test_a_malformed_answer_at_sign_in_is_a_form_error(browser, credential):
    _password(browser, ALEJANDRA)
    browser.get("/accounts/2fa/authenticate/?method=code")
    response = browser.post("/accounts/2fa/authenticate/", {"credential": credential})
    assert response.status_code == 200
    assert 'data-testid="mfa-error"' in response.content.decode()


@pytest.mark.security
def test_a_replayed_answer_is_refused(browser, passkey_user):
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    response, answer = _verify(fresh, passkey_user)
    assert response.status_code == 302
    # The same answer again, in the same session, then in another one: its challenge is spent.
    again = fresh.post(VERIFY, {"credential": as_post(answer), "next": NEXT})
    assert again.status_code == 200
    assert again.context["form"].errors
    other = Client(HTTP_HOST=HOST)
    _password(other)
    other.get(VERIFY)
    response = other.post(VERIFY, {"credential": as_post(answer), "next": NEXT})
    assert response.status_code == 200
    assert _amr(other) == ("pwd",)


@pytest.mark.security
def test_an_answer_made_for_another_origin_is_refused(browser, passkey_user):
    # What a phishing page relaying the challenge would get from the user's device.
    passkey_user.origin = "https://login.micros0ft-online.example"
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    response, _ = _verify(fresh, passkey_user)
    assert response.status_code == 200
    assert _amr(fresh) == ("pwd",)


@pytest.mark.security
def test_wrong_answers_count_against_the_mfa_failure_limit(browser, passkey_user):
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    for _ in range(5):  # the default limit: five failures per user
        fresh.get(VERIFY)
        fresh.post(VERIFY, {"credential": MALFORMED[-1]})
    response, _ = _verify(fresh, passkey_user)
    assert response.status_code == 200  # the right passkey, refused while locked
    assert "Too many" in response.content.decode()
    assert _amr(fresh) == ("pwd",)


# --- Entra's proof rule on the new pages --------------------------------------------------


@pytest.mark.security
def test_a_password_only_session_must_verify_before_adding_a_passkey(browser):
    _password(browser, JOHN)
    services.totp_register(user=User.objects.get(email=JOHN),
                           secret=services.demo_totp_secret(JOHN))
    response = browser.get(ADD)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CODE_VERIFY}?next=")
    response = browser.post(ADD, {"credential": "{}"})
    assert response.status_code == 302
    assert not selectors.user_passkeys(user=User.objects.get(email=JOHN))


@pytest.mark.security
def test_a_password_only_session_cannot_remove_a_passkey(browser, passkey_user):
    (passkey,) = selectors.user_passkeys(user=User.objects.get(email=JOHN))
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    response = fresh.post(f"/accounts/2fa/webauthn/keys/{passkey.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CODE_VERIFY}?next=")
    assert selectors.user_passkeys(user=User.objects.get(email=JOHN))


def test_after_verifying_the_passkey_can_be_removed(browser, passkey_user):
    (passkey,) = selectors.user_passkeys(user=User.objects.get(email=JOHN))
    fresh = Client(HTTP_HOST=HOST)
    _password(fresh)
    _verify(fresh, passkey_user, next_url="/")
    response = fresh.post(f"/accounts/2fa/webauthn/keys/{passkey.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    # The last method gone, its recovery codes go too: John is back to registration.
    assert not Authenticator.objects.filter(user__email=JOHN).exists()


@pytest.mark.security
def test_nobody_removes_another_users_passkey(browser, passkey_user):
    (passkey,) = selectors.user_passkeys(user=User.objects.get(email=JOHN))
    other = Client(HTTP_HOST=HOST)
    _password(other, "svc.automation@fabrikam.com")  # a colleague with no method of their own
    response = other.post(f"/accounts/2fa/webauthn/keys/{passkey.pk}/remove/")
    assert response.status_code == 404  # not one of theirs
    assert selectors.user_passkeys(user=User.objects.get(email=JOHN))


# --- QA resets ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/qa/reset", f"/qa/users/{JOHN}/reset"])
def test_qa_resets_remove_passkeys(browser, passkey_user, path):
    response = browser.post(path, data="{}", content_type="application/json")
    assert response.status_code == 200
    john = User.objects.get(email=JOHN)
    assert not selectors.user_passkeys(user=john)
    assert not selectors.user_has_entra_mfa_method(user=john)


# --- Korean -------------------------------------------------------------------------------


def test_the_passkey_pages_read_in_korean(browser):
    from testsupport.korean import assert_korean

    browser.cookies["entra_language"] = "ko"
    device = SoftwarePasskey()
    _password(browser)
    page = browser.get(ADD)
    assert_korean(page.content.decode(), url=ADD)
    answer = device.create(page.context["js_data"]["creation_options"])
    registered = browser.post(ADD, {"credential": as_post(answer)}, follow=True)
    assert "패스키 등록됨" in registered.content.decode()
    assert_korean(registered.content.decode(), url="/mfa/registered/")
    prompt = browser.get(f"{VERIFY}?next=/")
    assert_korean(prompt.content.decode(), url=VERIFY)
    answer = device.get(prompt.context["js_data"]["request_options"])
    browser.post(VERIFY, {"credential": as_post(answer), "next": "/"})
    security_info = browser.get("/").content.decode()
    assert "마스터 키" in security_info  # allauth's default name, in Korean
    assert_korean(security_info, url="/")
