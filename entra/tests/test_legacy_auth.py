"""Common issue 5: legacy protocols (the password grant, HTTP Basic) refused the way Entra
refuses them, over real HTTP against the live server."""

from __future__ import annotations

import base64
import re
import time
import uuid
from collections import Counter

import hypothesis
import pytest
import requests
from allauth.idp.oidc.models import Token
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client as DjangoClient
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from entra.adapters.oidc import PARTNER_CENTER_API
from entra.demo_data import AUTOMATION_CLIENT_ID, POWERSHELL_CLIENT_ID
from entra.legacy_auth import EXCHANGE_ONLINE
from entra.models import SignIn, Tenant, User
from entra.tests.browserless import PASSWORD, IdpBrowser
from entra.tests.concurrency import all_at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security]

TOKEN = "/identity/o/api/token"
EWS = "/legacy/ews/Exchange.asmx"
MFA_MESSAGE = (
    "Due to a configuration change made by your administrator, or because you moved to a new "
    "location, you must use multi-factor authentication to access '{}'."
)
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ")
FUZZ = hypothesis.settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run
    database=None,
    max_examples=60,
)


def _ropc(idp: str, upn: str, password: str = PASSWORD, **extra: str) -> requests.Response:
    data = {
        "grant_type": "password", "client_id": POWERSHELL_CLIENT_ID, "username": upn,
        "password": password, "scope": "openid profile", **extra,
    }
    return requests.post(f"{idp}{TOKEN}", data=data, timeout=30)


def _basic(idp: str, header: str | None) -> requests.Response:
    headers = {"Authorization": header} if header is not None else {}
    return requests.post(f"{idp}{EWS}", headers=headers, data=b"<soap/>", timeout=30)


def _basic_of(upn: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{upn}:{password}".encode()).decode()


def _codes(response: requests.Response) -> list[int]:
    return response.json()["error_codes"]


# --- The resource owner password credentials grant.


def test_alejandra_by_password_is_told_mfa_is_required_in_entras_words(idp):
    correlation = str(uuid.uuid4())
    response = requests.post(
        f"{idp}{TOKEN}",
        data={
            "grant_type": "password", "client_id": POWERSHELL_CLIENT_ID,
            "username": "alejandra@contoso.com", "password": PASSWORD,
            "resource": PARTNER_CENTER_API,
        },
        headers={"client-request-id": correlation},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {
        "error", "error_description", "error_codes", "timestamp", "trace_id",
        "correlation_id", "error_uri", "suberror",
    }
    assert body["error"] == "invalid_grant"
    assert body["error_codes"] == [50076]
    assert body["suberror"] == "basic_action"
    assert body["correlation_id"] == correlation  # MSAL's client-request-id, echoed
    assert GUID.fullmatch(body["trace_id"])
    assert TIMESTAMP.fullmatch(body["timestamp"])
    assert body["error_uri"] == "https://login.microsoftonline.com/error?code=50076"
    assert body["error_description"] == (
        f"AADSTS50076: {MFA_MESSAGE.format(PARTNER_CENTER_API)} Trace ID: {body['trace_id']} "
        f"Correlation ID: {correlation} Timestamp: {body['timestamp']}"
    )
    assert "access_token" not in body


def test_without_a_resource_the_message_names_the_client(idp):
    response = _ropc(idp, "alejandra@contoso.com")
    assert MFA_MESSAGE.format(POWERSHELL_CLIENT_ID) in response.json()["error_description"]


def test_john_of_a_partner_tenant_without_a_policy_must_still_enroll_by_the_mandate(idp):
    # Fabrikam asks no MFA at sign-in, but every partner user must do MFA, and John has no
    # method yet: Entra's "must enroll" answer, not "invalid credentials".
    body = _ropc(idp, "john@fabrikam.com").json()
    assert body["error"] == "invalid_grant"
    assert body["error_codes"] == [50079]
    assert "you must enroll in multi-factor authentication to access" in body["error_description"]
    assert "invalid username or password" not in body["error_description"]


def test_wrong_password_and_unknown_user_get_the_same_invalid_credentials_answer(idp):
    wrong = _ropc(idp, "alejandra@contoso.com", "not-the-password")
    unknown = _ropc(idp, "nobody@contoso.com")
    for response in (wrong, unknown):
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "invalid_grant"
        assert body["error_codes"] == [50126]
        assert body["error_description"].startswith(
            "AADSTS50126: Error validating credentials due to invalid username or password."
        )
        assert "suberror" not in body
    # Nothing but the ids and the time tells them apart.
    assert set(wrong.json()) == set(unknown.json())


def test_an_unknown_user_costs_a_password_hash_like_a_known_one(idp, settings):
    # allauth's backend hashes the password of an unknown user too: the same timing path.
    # Measured with Django's slow PBKDF2 (production mode), where a skipped hash would show.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = User.objects.get(email="alejandra@contoso.com")
    user.set_password(PASSWORD)
    user.save()

    def seconds(upn: str) -> float:
        start = time.perf_counter()
        _ropc(idp, upn, "not-the-password")
        return time.perf_counter() - start

    hash_seconds = min(
        seconds("alejandra@contoso.com"), seconds("alejandra@contoso.com")
    )
    unknown_seconds = min(seconds("nobody1@contoso.com"), seconds("nobody2@contoso.com"))
    baseline = min(seconds("prashob@wingtip.com"), seconds("prashob@wingtip.com"))  # no hash
    assert hash_seconds > baseline * 2  # PBKDF2 dominates, so the comparison means something
    assert unknown_seconds > hash_seconds / 2


def test_a_federated_user_is_sent_to_the_federated_idp_not_told_wrong_password(idp):
    body = _ropc(idp, "prashob@wingtip.com").json()
    assert body["error"] == "invalid_grant"
    assert body["error_codes"] == [50126]
    assert "the domain 'wingtip.com' is federated" in body["error_description"]
    assert "invalid username or password" not in body["error_description"]


def test_trent_whose_mfa_is_a_custom_control_gets_the_external_challenge_answer(idp):
    body = _ropc(idp, "trent@wingtiptoys.com").json()
    assert body["error_codes"] == [50158]
    assert "External security challenge was not satisfied." in body["error_description"]


def test_a_user_who_needs_no_mfa_gets_no_token_either(idp):
    # A customer tenant without any MFA policy, asking for the client itself (not Partner
    # Center): nothing asks for MFA, and still this mock issues no token by password.
    tenant = Tenant.objects.create(
        name="Northwind", domain="northwind.example", kind=Tenant.Kind.CUSTOMER
    )
    User.objects.create_user("casey@northwind.example", PASSWORD, tenant=tenant)
    body = _ropc(idp, "casey@northwind.example").json()
    assert body["error"] == "invalid_grant"
    assert body["error_codes"] == [53003]
    assert "blocked by Conditional Access" in body["error_description"]
    # The same user asking for Partner Center must do MFA (and has no method: enroll).
    assert _codes(_ropc(idp, "casey@northwind.example", resource=PARTNER_CENTER_API)) == [50079]


def test_a_confidential_client_authenticates_with_its_secret_before_any_password_check(idp):
    secret = settings.ENTRA_AUTOMATION_CLIENT_SECRET
    base = {"grant_type": "password", "username": "alejandra@contoso.com", "password": PASSWORD}
    with_secret = requests.post(
        f"{idp}{TOKEN}", data=base, auth=(AUTOMATION_CLIENT_ID, secret), timeout=30
    )
    assert with_secret.json()["error_codes"] == [50076]  # client fine: the user's answer

    wrong = requests.post(
        f"{idp}{TOKEN}", data=base, auth=(AUTOMATION_CLIENT_ID, "wrong"), timeout=30
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert wrong.json()["error_codes"] == [7000215]
    assert wrong.headers["WWW-Authenticate"].startswith("Basic ")

    no_secret = requests.post(
        f"{idp}{TOKEN}", data={**base, "client_id": AUTOMATION_CLIENT_ID}, timeout=30
    )
    assert (no_secret.status_code, no_secret.json()["error_codes"]) == (401, [7000218])


def test_an_unknown_client_is_invalid_client_and_no_password_is_checked(idp):
    response = _ropc(idp, "alejandra@contoso.com", "not-the-password", client_id="nope")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_codes"] == [700016]
    # The wrong password behind an unknown client was never counted: five real ones remain.
    for _ in range(5):
        assert _codes(_ropc(idp, "alejandra@contoso.com", "not-the-password")) == [50126]


def test_a_public_client_presenting_a_secret_is_refused(idp):
    response = _ropc(idp, "alejandra@contoso.com", client_secret="anything")
    assert (response.status_code, response.json()["error_codes"]) == (401, [700025])


@pytest.mark.parametrize("missing", ["username", "password", "client_id"])
def test_a_missing_parameter_is_invalid_request(idp, missing):
    data = {
        "grant_type": "password", "client_id": POWERSHELL_CLIENT_ID,
        "username": "alejandra@contoso.com", "password": PASSWORD,
    }
    del data[missing]
    response = requests.post(f"{idp}{TOKEN}", data=data, timeout=30)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert f"'{missing}'" in response.json()["error_description"]


def test_the_sixth_attempt_after_five_wrong_passwords_is_locked_out_everywhere(idp):
    for _ in range(5):
        assert _codes(_ropc(idp, "alejandra@contoso.com", "not-the-password")) == [50126]
    # The right password now: locked out (AADSTS50053), not "MFA required".
    locked = _ropc(idp, "alejandra@contoso.com")
    assert locked.json()["error_codes"] == [50053]
    assert _codes(_basic(idp, _basic_of("alejandra@contoso.com"))) == [50053]
    # The same limit as the sign-in page's: that is locked too.
    browser = IdpBrowser(idp)
    browser.open("/accounts/login/")
    browser.sign_in("alejandra@contoso.com")
    assert "Too many" in browser.last.text
    # An unknown user is locked out the same way (the limit is on the login typed).
    for _ in range(5):
        _ropc(idp, "nobody@contoso.com", "x")
    assert _codes(_ropc(idp, "nobody@contoso.com")) == [50053]


def test_a_refused_password_grant_leaves_no_token_no_session_no_sign_in(idp):
    before = (Token.objects.count(), Session.objects.count(), SignIn.objects.count())
    for upn in ("alejandra@contoso.com", "john@fabrikam.com", "trent@wingtiptoys.com"):
        response = _ropc(idp, upn, resource=PARTNER_CENTER_API)
        assert response.status_code == 400
        assert "Set-Cookie" not in response.headers
    basic = _basic(idp, _basic_of("alejandra@contoso.com"))
    assert "Set-Cookie" not in basic.headers
    assert (Token.objects.count(), Session.objects.count(), SignIn.objects.count()) == before


def test_discovery_does_not_list_the_password_grant(idp):
    discovery = requests.get(f"{idp}/.well-known/openid-configuration", timeout=30).json()
    assert "password" not in discovery["grant_types_supported"]
    assert "authorization_code" in discovery["grant_types_supported"]


# --- HTTP Basic to the legacy endpoint.


def test_basic_with_the_right_password_is_refused_with_the_mfa_message(idp):
    response = _basic(idp, _basic_of("alejandra@contoso.com"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="')
    assert response.headers["X-Entra-Error-Code"] == "50076"
    body = response.json()
    assert body["error_codes"] == [50076]
    assert body["error_description"].startswith(
        f"AADSTS50076: {MFA_MESSAGE.format(EXCHANGE_ONLINE)}"
    )
    assert "invalid username or password" not in body["error_description"]


def test_basic_with_a_wrong_password_is_invalid_credentials(idp):
    response = _basic(idp, _basic_of("alejandra@contoso.com", "not-the-password"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")
    assert response.headers["X-Entra-Error-Code"] == "50126"
    assert "invalid username or password" in response.json()["error_description"]


def test_basic_without_credentials_is_the_plain_challenge(idp):
    for header in (None, "Bearer abc"):
        response = _basic(idp, header)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == (
            'Basic realm="Exchange (mock Entra ID legacy endpoint)", charset="UTF-8"'
        )
        assert "X-Entra-Error-Code" not in response.headers


@pytest.mark.parametrize(
    "header",
    [
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon-here").decode(),
        "Basic " + base64.b64encode(b":password-without-user").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:latin1-bytes").decode(),
        "Basic " + "QUFB" * 2000,
    ],
    ids=["not-base64", "no-colon", "no-user", "not-utf8", "huge"],
)
def test_basic_with_a_broken_header_is_a_400(idp, header):
    response = _basic(idp, header)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_basic_with_a_non_ascii_user_is_an_ordinary_unknown_user(idp):
    header = "Basic " + base64.b64encode("jöhn@fabrikam.com:pässword".encode()).decode()
    response = _basic(idp, header)
    assert response.status_code == 401
    assert response.headers["X-Entra-Error-Code"] == "50126"


def test_basic_refuses_other_methods(idp):
    response = requests.put(f"{idp}{EWS}", headers={"Authorization": _basic_of("x@y")}, timeout=30)
    assert response.status_code == 405


def test_ten_wrong_passwords_at_once_are_five_checked_and_five_locked_out(idp):
    # Sent in the same instant, through the live server's threads: the limit still holds.
    responses = all_at_once(lambda: _ropc(idp, "alejandra@contoso.com", "not-the-password"))
    assert Counter(_codes(r)[0] for r in responses) == {50126: 5, 50053: 5}


@FUZZ
@given(
    header=st.one_of(
        st.binary(max_size=60).map(lambda raw: "Basic " + base64.b64encode(raw).decode()),
        st.text(max_size=60).map(lambda text: "Basic " + text),
        st.text(
            alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60
        ),
    ),
    method=st.sampled_from(["get", "post"]),
)
def test_any_authorization_header_gets_a_4xx_never_a_500(directory, header, method):
    # The view test client: no HTTP layer that could refuse odd bytes before the view does.
    response = getattr(DjangoClient(), method)(EWS, HTTP_AUTHORIZATION=header)
    assert response.status_code in (400, 401)
    if response.status_code == 401:
        assert response["WWW-Authenticate"].startswith("Basic realm=")
