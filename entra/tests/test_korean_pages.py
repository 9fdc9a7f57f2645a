"""Every page of the mock Entra ID in Korean, with no English left (issue 11: "Korean everywhere a
Korean audience looks").

Each page of ``PAGES`` is fetched with ``Accept-Language: ko`` after its ``steps`` (sign-ins and
form posts of the persona it needs), and fails when a word of three or more Latin letters is
left that is not a proper name or protocol term (``testsupport.korean.ALLOWED_WORDS``), or when
a message its templates mark for translation has no Korean. To cover a new page, add a ``Page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

import pyotp
import pytest
from django.test import Client
from django.utils import translation

from entra import services
from entra.demo_data import POWERSHELL_CLIENT_ID
from testsupport.korean import (
    assert_korean,
    assert_korean_error_page,
    rendered_template_sources,
    template_msgids,
    untranslated_msgids,
)

PASSWORD = "Passw0rd!Demo"
PORTAL_CLIENT_ID = "4f1c2b9e-7d3a-4c55-9b61-2a8e0c7d1f00"


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    # Done first, in order: ("sign_in", upn) or ("post", url, data) or ("get", url).
    steps: tuple[tuple, ...] = ()
    status: int = 200
    method: str = "get"
    data: dict[str, str] | None = None
    allowed: tuple[str, ...] = ()


_ADATUM = "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05"


def _sign_in(upn: str) -> tuple:
    return ("post", "/accounts/login/", {"login": upn, "password": PASSWORD})


def _verified(upn: str) -> tuple:
    return ("verify", upn)


PAGES: tuple[Page, ...] = (
    Page("sign-in", "/accounts/login/"),
    Page(
        "sign-in-wrong-password", "/accounts/login/", method="post",
        data={"login": "alejandra@contoso.com", "password": "wrong"},
    ),
    Page("mfa-at-sign-in", "/accounts/2fa/authenticate/",
         steps=(_sign_in("alejandra@contoso.com"),)),
    Page("security-info-password-only", "/", steps=(_sign_in("john@fabrikam.com"),)),
    Page("security-info-mfa", "/", steps=(_sign_in("alejandra@contoso.com"),
                                           _verified("alejandra@contoso.com"))),
    Page("register-authenticator", "/accounts/2fa/totp/activate/",
         steps=(_sign_in("john@fabrikam.com"),)),
    Page("third-party-prompt", "/mfa/third-party/", steps=(_sign_in("trent@wingtiptoys.com"),)),
    Page("trainer", "/trainer/tenants/"),
    # The customer's admin center (service management), as a Contoso admin agent in Adatum.
    *(
        Page(f"admin-center-{section or 'home'}", f"/manage/{_ADATUM}/{section}",
             steps=(_sign_in("admin.agent@contoso.com"), _verified("admin.agent@contoso.com")),
             # Seeded people's names in the directory list.
             allowed=("avery", "ada", "admin", "lee", "park"))
        for section in ("", "users/", "relationships/", "audit/")
    ),
    Page("admin-center-add-user", f"/manage/{_ADATUM}/users/", method="post",
         data={"display_name": "김 민수", "upn": "minsu@adatum.com"},
         steps=(_sign_in("admin.agent@contoso.com"), _verified("admin.agent@contoso.com")),
         allowed=("avery", "ada", "admin", "lee", "park", "tmp")),
    Page("admin-center-no-gdap-role", f"/manage/{_ADATUM}/users/", status=403,
         steps=(_sign_in("sales.agent@contoso.com"), _verified("sales.agent@contoso.com"))),
    # The partner's GDAP page (Partner Center's admin relationships), its form refused, a
    # pending request's approval link, and the 403 for a Sales agent.
    Page("partner-gdap", "/manage/partner/relationships/",
         steps=(_sign_in("admin.agent@contoso.com"), _verified("admin.agent@contoso.com")),
         allowed=("admin", "agents", "sales", "helpdesk", "com")),
    Page("partner-gdap-bad-request", "/manage/partner/relationships/", method="post",
         status=400, data={"customer": "00000000-0000-0000-0000-000000000000",
                               "display_name": "", "duration_days": "0"},
         steps=(_sign_in("admin.agent@contoso.com"), _verified("admin.agent@contoso.com")),
         allowed=("admin", "agents", "sales", "helpdesk", "com")),
    Page("partner-gdap-requested", "/manage/partner/relationships/",
         steps=(_sign_in("admin.agent@contoso.com"), _verified("admin.agent@contoso.com"),
                ("post", "/manage/partner/relationships/",
                 {"customer": _ADATUM, "display_name": "Contoso_Adatum_Reader",
                  "roles": ["f2ef992c-3afb-46b9-b7cf-a126ee74c451"], "duration_days": "30"}),
                ("get", "/manage/partner/relationships/")),
         allowed=("admin", "agents", "sales", "helpdesk", "com")),
    Page("partner-gdap-not-admin-agent", "/manage/partner/relationships/", status=403,
         steps=(_sign_in("sales.agent@contoso.com"), _verified("sales.agent@contoso.com"))),
    Page("sign-out", "/accounts/logout/", steps=(_sign_in("john@fabrikam.com"),)),
    Page(
        "authorize-unknown-client",
        "/identity/o/authorize?client_id=00000000-0000-0000-0000-000000000000"
        "&response_type=code&scope=openid"
        "&redirect_uri=http://localhost:8000/oidc/callback/",
        status=400,
    ),
    Page(
        "authorize-bad-redirect",
        f"/identity/o/authorize?client_id={PORTAL_CLIENT_ID}&response_type=code&scope=openid"
        "&redirect_uri=https://elsewhere.example/",
        status=400,
    ),
    Page("device-code-entry", "/identity/o/device", steps=(_sign_in("john@fabrikam.com"),)),
    # Push first (issue 11): the approval page at sign-in is "mfa-at-sign-in" above; the code
    # form one link away, the step-up's push page, and the phone with a request waiting.
    Page("mfa-code-at-sign-in", "/accounts/2fa/authenticate/?method=code",
         steps=(_sign_in("alejandra@contoso.com"),)),
    Page("push-at-step-up", "/accounts/2fa/reauthenticate/?next=/",
         steps=(_sign_in("alejandra@contoso.com"), _verified("alejandra@contoso.com"))),
    Page("phone-with-a-request", "/phone/alejandra@contoso.com/",
         steps=(_sign_in("alejandra@contoso.com"), ("get", "/accounts/2fa/authenticate/"))),
    Page("phone-without-an-app", "/phone/john@fabrikam.com/"),
    Page("add-passkey", "/accounts/2fa/webauthn/add/",
         steps=(_sign_in("alejandra@contoso.com"), _verified("alejandra@contoso.com"))),
    # Common issue 4 (no smartphone): the method list, the phone and the hardware token.
    Page("register-method-list", "/mfa/register/", steps=(_sign_in("john@fabrikam.com"),)),
    Page("register-phone", "/mfa/register/phone/?delivery=voice",
         steps=(_sign_in("john@fabrikam.com"),)),
    Page("register-phone-junk", "/mfa/register/phone/", method="post", status=400,
         data={"phone_number": "call me", "delivery": "sms"},
         steps=(_sign_in("john@fabrikam.com"),)),
    Page("register-hardware-token", "/mfa/register/token/",
         steps=(_sign_in("john@fabrikam.com"),)),
    Page("method-not-allowed", "/mfa/register/phone/", status=403,
         steps=(_sign_in("admin@adatum.com"), _verified("admin@adatum.com"))),
    Page("add-sign-in-method", "/mfa/methods/add/",
         steps=(_sign_in("alejandra@contoso.com"), _verified("alejandra@contoso.com"))),
    Page("verify-phone-code-sent", "/mfa/verify/phone/?sent=sms",
         steps=(_sign_in("john@fabrikam.com"),
                ("post", "/mfa/register/phone/", {"phone_number": "+14255550100",
                                                  "delivery": "sms"}),
                ("post", "/mfa/verify/phone/", {"channel": "sms"}))),
    Page("phone-with-a-text", "/phone/john@fabrikam.com/",
         steps=(_sign_in("john@fabrikam.com"),
                ("post", "/mfa/register/phone/", {"phone_number": "+14255550100",
                                                  "delivery": "voice"}),
                ("post", "/mfa/verify/phone/", {"channel": "voice"}))),
    Page("sign-in-another-way", "/mfa/verify/other/",
         steps=(_sign_in("john@fabrikam.com"),
                ("post", "/mfa/register/phone/", {"phone_number": "+14255550100",
                                                  "delivery": "sms"}))),
    Page("not-found", "/no/such/page", status=404),
    Page("bad-request", "/accounts/login/?next=%00", status=400),
    # A tenant's authority naming no tenant (customer-tenant tokens): Entra's AADSTS90002.
    Page("authority-unknown-tenant", "/nowhere.example/identity/o/authorize", status=400,
         allowed=("AADSTS90002", "nowhere.example")),
)


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.deactivate()


@pytest.fixture
def korean(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    return client


def _run(client: Client, step: tuple) -> None:
    kind, *args = step
    if kind == "post":
        client.post(*args)
    elif kind == "verify":
        code = pyotp.TOTP(services.demo_totp_secret(args[0])).now()
        client.post("/accounts/2fa/authenticate/", {"code": code})
    else:
        client.get(*args)


def _fetch(client: Client, page: Page):
    for step in page.steps:
        _run(client, step)
    response = getattr(client, page.method)(page.url, page.data or {})
    assert response.status_code == page.status, (page.url, response.status_code)
    return response


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_page_in_korean_has_no_english_left(korean, directory, page):
    response = _fetch(korean, page)
    assert_korean(response.content.decode(), url=page.url, allowed=page.allowed)


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_message_of_the_page_has_korean(korean, directory, page):
    response = _fetch(korean, page)
    assert untranslated_msgids(template_msgids(rendered_template_sources(response))) == []


def test_the_device_confirmation_page_in_korean(korean, directory):
    device = korean.post(
        "/identity/o/api/device/code", data=f"client_id={POWERSHELL_CLIENT_ID}",
        content_type="application/x-www-form-urlencoded",
    ).json()
    _run(korean, _sign_in("john@fabrikam.com"))
    response = korean.get("/identity/o/device", {"code": device["user_code"]})
    assert response.status_code == 200
    assert_korean(response.content.decode(), url="/identity/o/device?code=…")


def _csrf_failure(client: Client):
    checked = Client(enforce_csrf_checks=True, headers={"Accept-Language": "ko"})
    return checked.post("/accounts/login/", {"login": "john@fabrikam.com", "password": "x"})


def _server_error(client: Client):
    client.raise_request_exception = False
    with mock.patch(
        "entra.views.security_info.render", side_effect=RuntimeError("a bug")
    ):
        _run(client, _sign_in("john@fabrikam.com"))
        return client.get("/")


ERROR_PAGES = {
    400: lambda client: client.get("/accounts/login/", {"next": "\x00"}),
    403: _csrf_failure,
    404: lambda client: client.get("/no/such/page"),
    500: _server_error,
}


@pytest.mark.parametrize("status", ERROR_PAGES)
def test_error_page_in_korean(korean, directory, status):
    assert_korean_error_page(
        ERROR_PAGES[status](korean), status=status, stylesheet="entra/entra.css"
    )
