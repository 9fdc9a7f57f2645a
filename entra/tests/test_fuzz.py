"""Random input at the mock Entra ID never makes it answer 5xx (property-based, Hypothesis).

Every request goes through Django's test client, which re-raises an exception that escapes a
view: so the property "no status >= 500" also means "no unhandled exception". Any 2xx, 3xx or
4xx (429 from a rate limit included) is an acceptable answer to nonsense.

Each example runs in a fresh browser (``Client``), with an empty cache, inside a savepoint that
is rolled back afterwards: codes issued, TOTP methods registered or grants revoked by one example
never change what the next one sees, so a failure found by Hypothesis replays and shrinks.

Run: ``.venv/bin/pytest --ds=config.settings.idp_test entra/tests/test_fuzz.py``
"""

from __future__ import annotations

import base64
import hashlib
import json
import string
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import hypothesis
import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

from config.idpkit.allauth_internals import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    AUTHENTICATION_USER_SESSION_KEY,
    TOTP_SECRET_SESSION_KEY,
)
from entra import services
from entra.adapters.oidc import PARTNER_CENTER_API
from entra.demo_data import AUTOMATION_CLIENT_ID, NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID
from entra.models import User

pytestmark = [pytest.mark.usefixtures("directory"), pytest.mark.security]

FUZZ = hypothesis.settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: CI failures are reproducible
    database=None,  # nothing written to .hypothesis/ in the checkout
    print_blob=True,
)

AUTHORIZE = "/identity/o/authorize"
TOKEN = "/identity/o/api/token"
DEVICE_AUTHORIZATION = "/identity/o/api/device/code"
DEVICE_PAGE = "/identity/o/device"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
PASSWORD = "Passw0rd!Demo"
PORTAL_CLIENT_ID = settings.PORTAL_OIDC_CLIENT_ID
PORTAL_REDIRECT_URI = f"{settings.PORTAL_BASE_URL}/oidc/callback/"
PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
VERIFIER = "fuzz-verifier-" + "v" * 50  # 64 characters, within RFC 7636's 43..128
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=")

# The registered (client id, redirect URI) pairs, and each client's secret (None: public).
CLIENTS = {
    "portal": (PORTAL_CLIENT_ID, PORTAL_REDIRECT_URI),
    "automation": (AUTOMATION_CLIENT_ID, NATIVE_REDIRECT_URI),
    "powershell": (POWERSHELL_CLIENT_ID, NATIVE_REDIRECT_URI),
}


def _client_secret(name: str) -> str | None:
    return {
        "portal": settings.PORTAL_OIDC_CLIENT_SECRET,
        "automation": settings.ENTRA_AUTOMATION_CLIENT_SECRET,
        "powershell": None,
    }[name]


# --- Who is at the browser: (UPN, what this IdP session has proven), or None (signed out).
# "pwd"/"mfa" become the authentication records allauth writes at each sign-in step, which the
# step-up logic reads. A session with no record at all cannot come from the IdP's own forms,
# but the authorize endpoint must still answer it (it used to be a 500): it asks to sign in.
SIGNED_OUT = None
JOHN = ("john@fabrikam.com", ("pwd",))  # Fabrikam: no policy, no method registered
JOHN_NO_RECORDS = ("john@fabrikam.com", ())
ALEJANDRA = ("alejandra@contoso.com", ("pwd",))  # Contoso: MFA at every sign-in, TOTP
ALEJANDRA_MFA = ("alejandra@contoso.com", ("pwd", "mfa"))
ADATUM_MFA = ("admin@adatum.com", ("pwd", "mfa"))
PERSONAS = (SIGNED_OUT, JOHN, JOHN_NO_RECORDS, ALEJANDRA, ALEJANDRA_MFA, ADATUM_MFA)
personas = st.sampled_from(PERSONAS)


def _browser(persona: tuple[str, tuple[str, ...]] | None) -> Client:
    browser = Client()  # CSRF checks off, as in every view test; exceptions re-raised
    if persona is None:
        return browser
    upn, proofs = persona
    user = User.objects.get(email=upn)
    browser.force_login(user)
    now = time.time()
    records: list[dict] = []
    if "pwd" in proofs:
        records.append({"method": "password", "at": now - 30, "email": upn})
    if "mfa" in proofs:
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        records.append({"method": "mfa", "at": now - 10, "type": "totp", "id": totp.pk})
    session = browser.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[AUTHENTICATION_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return browser


@contextmanager
def _isolated() -> Iterator[None]:
    """One example: empty cache (codes, rate limits), database changes rolled back."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


def _outcome(response: HttpResponse) -> str:
    """A label for --hypothesis-show-statistics: how far the examples got."""
    location = response.get("Location", "")
    if not location:
        return str(response.status_code)
    query = parse_qs(urlsplit(location).query)
    if "code" in query:
        return f"{response.status_code} code issued"
    if "error" in query:
        return f"{response.status_code} error={query['error'][0][:40]}"
    path = urlsplit(location).path
    return f"{response.status_code} to {path if path.startswith('/') else 'elsewhere'}"[:60]


def _ok(response: HttpResponse, what: str) -> HttpResponse:
    hypothesis.event(_outcome(response))
    # The one 5xx allowed: a federated domain's IdP (not running here) is down, said on a page.
    federated_idp_down = (
        response.status_code == 503 and b'data-testid="federation-error"' in response.content
    )
    assert response.status_code < 500 or federated_idp_down, (
        f"{what} answered {response.status_code}"
    )
    return response


def _follow_local(browser: Client, response: HttpResponse, hops: int = 3) -> None:
    """Follow redirects that stay on the IdP (login, re-authentication, MFA pages)."""
    for _ in range(hops):
        location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if not location.startswith("/") or location.startswith("//"):
            return
        response = _ok(browser.get(location), f"GET {location}")


# --- Building blocks: odd strings.

SPECIAL_STRINGS = (
    "", " ", "\x00", "%00", "\t\n", "null", "undefined", "true", "0", "-1", "NaN", "[]", "{}",
    "\u202e\u200b", "\ufeff", "\U0001d4ca\U0001d4c3\U0001d4be", "é", "한국어",
    "'; DROP TABLE entra_user; --",
    "<script>alert(1)</script>", "../../etc/passwd", "%ff%fe", "%zz", "a=b&c=d",
    "javascript:alert(1)", "//evil.example", "https://evil.example/", "/\\evil.example",
)
huge_strings = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["a", "[", "{", "%", "é", "\U0001f600", "mfa "]),
    st.integers(min_value=1_000, max_value=20_000),
)
odd_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(SPECIAL_STRINGS),
    huge_strings,
)
integers_as_text = st.one_of(
    st.integers().map(str),
    st.sampled_from(["0", "-0", "+5", " 7 ", "1e3", "0x10", "5_000", "٣", "3.5", "9" * 5000]),
)

# --- The OIDC ``claims`` parameter: JSON built by Hypothesis, and not-quite-JSON.

json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities become NaN/Infinity, which Python's json reads back
    st.text(max_size=12),
    st.sampled_from(["mfa", "ngcmfa", "pwd", "otp", "possessionorinherence", PAPE_MFA, "1"]),
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(["values", "value", "essential", "amr", "acr"]),
                      st.text(max_size=8)),
            children,
            max_size=4,
        ),
    ),
    max_leaves=20,
)
claim_requests = st.one_of(  # what is asked of one claim: {"values": [...], "essential": true}
    json_values,
    st.fixed_dictionaries(
        {}, optional={"values": json_values, "value": json_values, "essential": json_values}
    ),
)
claim_members = st.one_of(
    json_values,
    st.dictionaries(
        st.one_of(st.sampled_from(["amr", "acr", "auth_time", "email"]), st.text(max_size=6)),
        claim_requests,
        max_size=3,
    ),
)
claims_objects = st.one_of(
    json_values,
    st.dictionaries(
        st.one_of(st.sampled_from(["id_token", "userinfo", "access_token"]), st.text(max_size=6)),
        claim_members,
        max_size=3,
    ),
)


def _deeply_nested(kind: str, depth: int) -> str:
    if kind == "open":
        return "[" * depth
    if kind == "balanced":
        return "[" * depth + "]" * depth
    if kind == "objects":
        return '{"a":' * depth + "1" + "}" * depth
    # Deep arrays where a step-up value is expected.
    return '{"id_token":{"amr":{"values":' + "[" * depth + '"mfa"' + "]" * depth + "}}}"


def _dumps(value: object, ensure_ascii: bool) -> str:
    return json.dumps(value, ensure_ascii=ensure_ascii)


claims_texts = st.one_of(
    st.builds(_dumps, claims_objects, st.booleans()),
    st.builds(
        _deeply_nested,
        st.sampled_from(["open", "balanced", "objects", "in-values"]),
        st.integers(min_value=1, max_value=20_000),
    ),
    # Truncated or mangled JSON.
    st.builds(lambda text, cut: text[:cut], st.builds(_dumps, claims_objects, st.just(True)),
              st.integers(min_value=0, max_value=60)),
    st.sampled_from([
        "{oops", "[1, 2]", "{'id_token': {}}", '{"id_token": {},}', "\ufeff{}", "NaN",
        '{"id_token": {"amr": {"values": ["mfa"]}}} trailing',
        '{"id_token": {"amr": {"values": ["mfa"]}}, "id_token": 1}',
        '{"id_token": {"amr": {"value": ' + "1" * 4500 + "}}}",
    ]),
    odd_text,
)

# --- Authorization request parameters.

REGISTERED = list(CLIENTS.values())
client_ids = st.one_of(
    st.sampled_from([cid for cid, _ in REGISTERED]),
    st.sampled_from([PORTAL_CLIENT_ID.upper(), f" {POWERSHELL_CLIENT_ID}", "0" * 36, "a\x00b"]),
    st.uuids().map(str),
    odd_text,
)
redirect_uris = st.one_of(
    st.sampled_from([uri for _, uri in REGISTERED]),
    st.sampled_from([
        NATIVE_REDIRECT_URI + "/", NATIVE_REDIRECT_URI + "?x=1", NATIVE_REDIRECT_URI + "#f",
        "HTTP://LOCALHOST:8400/callback", "https://evil.example/cb", "javascript:alert(1)",
        "ms-app://x", "http://localhost:8400/callback/../callback",
    ]),
    odd_text,
)
# Mostly a registered pair (so that the step-up parameters are read at all), sometimes anything.
targets = st.sampled_from(["registered"] * 4 + ["odd"]).flatmap(
    lambda kind: st.sampled_from(REGISTERED) if kind == "registered"
    else st.tuples(st.none() | client_ids, st.none() | redirect_uris)
)


def _words(vocabulary: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(vocabulary), max_size=4).map(" ".join)


resources = st.one_of(
    st.sampled_from([
        PARTNER_CENTER_API, PARTNER_CENTER_API + "/", "https://evil.example", "relative/path",
        "https://api.partnercenter.microsoft.com/a/../b", "https://x.example/#frag",
        "https://x.example//double", "urn:x", "",
    ]),
    odd_text,
)
tokens_text = st.text(alphabet=string.ascii_letters + string.digits + "-._~", max_size=64)
# Each parameter: (plausible values, odd values). An example sends a handful of parameters,
# at most two of them odd, so that most requests get past the first check to the deeper ones.
AUTHORIZE_PARAMS: dict[str, tuple[st.SearchStrategy[str], st.SearchStrategy[str]]] = {
    "response_type": (
        st.just("code"),
        st.one_of(st.sampled_from(["token", "id_token", "code id_token", "none", "CODE", ""]),
                  odd_text),
    ),
    "scope": (
        st.sampled_from(["openid", "openid profile", "openid profile email", "profile email"]),
        st.one_of(_words(["openid", "offline_access", "User.Read", "openid", ""]), odd_text),
    ),
    "state": (tokens_text, odd_text),
    "nonce": (tokens_text, odd_text),
    "prompt": (
        st.sampled_from(["none", "login", "consent", "select_account", "login consent",
                         "none login"]),
        st.one_of(_words(["none", "login", "create", "x"]), odd_text),
    ),
    "max_age": (
        st.one_of(st.sampled_from(["0", "1", "60", "3600"]),
                  st.integers(min_value=0, max_value=10**12).map(str)),
        st.one_of(integers_as_text, odd_text),
    ),
    "acr_values": (
        st.sampled_from(["mfa", "1", "possessionorinherence", PAPE_MFA, "1 mfa", "urn:x"]),
        st.one_of(_words(["mfa", "1", PAPE_MFA]), odd_text),
    ),
    "amr_values": (
        st.sampled_from(["mfa", "ngcmfa", "pwd", "otp", "pwd mfa", "fido"]),
        st.one_of(_words(["mfa", "ngcmfa", "pwd"]), odd_text),
    ),
    "claims": (st.builds(_dumps, claims_objects, st.booleans()), claims_texts),
    "resource": (st.just(PARTNER_CENTER_API), resources),
    "code_challenge": (
        st.just(CHALLENGE.decode()),
        st.one_of(st.text(alphabet="ABCabc0123456789-_.~", max_size=200), odd_text),
    ),
    "code_challenge_method": (
        st.just("S256"), st.one_of(st.sampled_from(["plain", "s256", ""]), odd_text)
    ),
    "response_mode": (st.sampled_from(["query"]), st.one_of(
        st.sampled_from(["fragment", "form_post", "web_message"]), odd_text
    )),
    "login_hint": (
        st.sampled_from(["john@fabrikam.com", "alejandra@contoso.com", "nobody@example.com"]),
        odd_text,
    ),
    "ui_locales": (st.sampled_from(["ko", "en", "ko-KR en"]), odd_text),
    "id_token_hint": (tokens_text, odd_text),
    "request": (tokens_text, odd_text),
    "request_uri": (st.just("https://client.example/request.jwt"), odd_text),
    "display": (st.sampled_from(["page", "popup"]), odd_text),
}
NAMES = [*AUTHORIZE_PARAMS, "client_id", "redirect_uri"]
extra_pairs = st.lists(  # repeated and unknown parameters
    st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)), odd_text), max_size=2
)


@st.composite
def authorize_queries(draw) -> list[tuple[str, str]]:
    client_id, redirect_uri = draw(targets)
    pairs = []
    if client_id is not None:
        pairs.append(("client_id", client_id))
    if redirect_uri is not None:
        pairs.append(("redirect_uri", redirect_uri))
    names = draw(st.lists(st.sampled_from(list(AUTHORIZE_PARAMS)), unique=True, max_size=6))
    odd = draw(st.sets(st.sampled_from(names), max_size=2)) if names else set()
    # response_type and scope are there unless left out on purpose.
    left_out = draw(st.sets(st.sampled_from(["response_type", "scope"]), max_size=1))
    for name in ("response_type", "scope"):
        if name not in names and name not in left_out:
            names.append(name)
    for name in names:
        plausible, odd_values = AUTHORIZE_PARAMS[name]
        pairs.append((name, draw(odd_values if name in odd else plausible)))
    if "code_challenge" in names and "code_challenge_method" not in names and draw(st.booleans()):
        pairs.append(("code_challenge_method", "S256"))
    pairs += draw(extra_pairs)
    return pairs


def _query(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs)


# Raw query-string junk, as a WSGI server hands it over (bytes read as latin-1).
raw_tails = st.one_of(
    st.just(""),
    st.sampled_from(["&", "&&=&", "=x", "claims", "claims=%ff%fe", "a=%", "%zz=%zz", ";x=1"]),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


def _known(client: str, scope: str = "openid profile", **params: str) -> list[tuple[str, str]]:
    client_id, redirect_uri = CLIENTS[client]
    return [("client_id", client_id), ("redirect_uri", redirect_uri),
            ("response_type", "code"), ("scope", scope), *params.items()]


# --- (a) The authorize endpoint.


@hypothesis.settings(FUZZ, max_examples=150)
@given(persona=personas, pairs=authorize_queries(), tail=raw_tails, method=st.sampled_from(
    ["GET", "GET", "GET", "POST"]
))
# Once 500s (entra/internal/stepup.py, entra/views/oidc.py): a dict where a string is expected,
# JSON nested deeper than the parser's recursion limit, an unknown resource.
@example(persona=SIGNED_OUT, method="GET", tail="",
         pairs=_known("powershell", claims='{"id_token":{"amr":{"values":[{}]}}}'))
@example(persona=JOHN, method="GET", tail="",
         pairs=_known("powershell", claims='{"id_token":{"amr":{"values":[{}]}}}'))
@example(persona=JOHN, method="GET", tail="", pairs=_known("powershell", claims="[" * 5000))
@example(persona=SIGNED_OUT, method="GET", tail="", pairs=_known("portal", claims="[" * 5000))
@example(persona=JOHN, method="GET", tail="",
         pairs=_known("powershell", resource="https://evil.example"))
# A NUL byte where the client is looked up: a 500 on PostgreSQL (IDP_DATABASE_URL), not SQLite.
@example(persona=SIGNED_OUT, method="GET", tail="",
         pairs=[("client_id", "a\x00b"), ("redirect_uri", NATIVE_REDIRECT_URI)])
# A signed-in session with no record of how: SignIn.auth_time NOT NULL, a 500 once.
@example(persona=JOHN_NO_RECORDS, method="GET", tail="", pairs=_known("powershell"))
def test_authorize_endpoint_never_fails(persona, pairs, tail, method):
    with _isolated():
        browser = _browser(persona)
        query = "&".join(part for part in (_query(pairs), tail) if part)
        if method == "GET":
            response = browser.get(AUTHORIZE, QUERY_STRING=query)
        else:  # a POSTed authorization request (or a forged consent round trip)
            response = browser.post(
                AUTHORIZE, data=query, content_type="application/x-www-form-urlencoded"
            )
        _ok(response, f"{method} {AUTHORIZE}?{query[:300]}")
        _follow_local(browser, response)


# --- (a) The token endpoint.

# Placeholders replaced by real values minted for the example (see _mint).
CODE, REFRESH, SECRET, CLIENT, REDIRECT = "<code>", "<refresh>", "<secret>", "<client>", "<uri>"
DEVICE = "<device>"
GRANT_KINDS = ("none", "code", "used_code", "refresh", "used_refresh")
# Device codes (RFC 8628): pending, confirmed or denied on the device page, and already redeemed.
# Only the public client may have one.
DEVICE_KINDS = ("device_pending", "device_confirmed", "device_denied", "used_device")
grants = st.one_of(
    st.tuples(
        st.sampled_from(GRANT_KINDS),
        st.sampled_from(list(CLIENTS)),
        st.booleans(),  # the code was asked for resource=<Partner Center API>
    ),
    st.tuples(st.sampled_from(DEVICE_KINDS), st.just("powershell"), st.booleans()),
)

# Odd values per token request field (the plausible ones come from the minted grant).
TOKEN_FIELDS = {
    "grant_type": st.one_of(
        st.sampled_from([
            "authorization_code", "refresh_token", "client_credentials", "password", "implicit",
            "urn:ietf:params:oauth:grant-type:device_code",
            "urn:ietf:params:oauth:grant-type:jwt-bearer", "",
        ]),
        odd_text,
    ),
    "code": st.one_of(st.sampled_from([CODE, REFRESH, DEVICE]), odd_text),
    "refresh_token": st.one_of(st.sampled_from([CODE, REFRESH, DEVICE]), odd_text),
    "client_id": client_ids,
    "client_secret": st.one_of(st.sampled_from(["wrong-secret", SECRET + "x"]), odd_text),
    "redirect_uri": redirect_uris,
    "code_verifier": st.one_of(
        st.sampled_from([VERIFIER[:-1], "a" * 42, "a" * 43, "a" * 129]), odd_text
    ),
    "scope": st.one_of(_words(["openid", "profile", "email", "offline_access"]), odd_text),
    "resource": resources,
    "device_code": st.one_of(
        st.sampled_from([CODE, REFRESH, DEVICE, "A" * 30, "A" * 513, "a-b.c_d~e"]), odd_text
    ),
    "username": odd_text,
    "password": odd_text,
    "client_assertion_type": odd_text,
    "client_assertion": odd_text,
}


@st.composite
def token_mutations(draw) -> dict[str, str]:
    names = draw(st.lists(st.sampled_from(list(TOKEN_FIELDS)), unique=True, max_size=3))
    return {name: draw(TOKEN_FIELDS[name]) for name in names}


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


basic_headers = st.one_of(
    st.none(),
    st.sampled_from([
        f"Basic {CLIENT}:{SECRET}",  # encoded at run time, see _authorization_header
        "Basic ", "Basic !!!not-base64!!!", "Basic Og==", "Bearer x", "basic", "Digest a=b",
        _basic("", ""), _basic(POWERSHELL_CLIENT_ID, ""), _basic("%zz", "%"),
        "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(),
    ]),
    st.binary(max_size=40).map(lambda raw: "Basic " + base64.b64encode(raw).decode()),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


def _plausible_token_form(kind: str, client: str) -> dict[str, str]:
    """What a well-behaved client would send for this grant (placeholders for the secrets)."""
    if kind in ("code", "used_code"):
        form = {"grant_type": "authorization_code", "code": CODE, "redirect_uri": REDIRECT,
                "code_verifier": VERIFIER}
    elif kind in DEVICE_KINDS:
        form = {"grant_type": DEVICE_GRANT, "device_code": DEVICE}
    elif kind in ("refresh", "used_refresh"):
        form = {"grant_type": "refresh_token", "refresh_token": REFRESH}
    else:
        form = {"grant_type": "client_credentials"}
    form["client_id"] = CLIENT
    if _client_secret(client):
        form["client_secret"] = SECRET
    return form


def _issue_code(client: str, *, resource: bool) -> str:
    """John (password only, enough for a code) completes an authorization request."""
    params = _known(client, scope="openid profile email",
                    code_challenge=CHALLENGE.decode(), code_challenge_method="S256",
                    state="s", nonce="n")
    if resource:
        params.append(("resource", PARTNER_CENTER_API))
    response = _browser(JOHN).get(AUTHORIZE, QUERY_STRING=_query(params))
    location = response.get("Location", "")
    code = parse_qs(urlsplit(location).query).get("code")
    assert code, f"no code minted: {response.status_code} {location}"
    return code[0]


def _token_request(form: list[tuple[str, str]], headers: dict[str, str] | None = None):
    return Client().post(TOKEN, data=_query(form), headers=headers,
                         content_type="application/x-www-form-urlencoded")


def _redeem(form: dict[str, str]) -> dict:
    response = _token_request(list(form.items()))
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _device_authorization(form: list[tuple[str, str]]) -> HttpResponse:
    return Client().post(DEVICE_AUTHORIZATION, data=_query(form),
                         content_type="application/x-www-form-urlencoded")


def _issue_device_code(*, resource: bool) -> dict:
    form = [("client_id", POWERSHELL_CLIENT_ID), ("scope", "openid profile")]
    if resource:
        form.append(("resource", PARTNER_CENTER_API))
    response = _device_authorization(form)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _mint_device_code(kind: str, real: dict[str, str], resource: bool) -> dict[str, str]:
    """A device code John left pending, confirmed or denied on the device page (or redeemed)."""
    device = _issue_device_code(resource=resource)
    real[DEVICE] = device["device_code"]
    if kind == "device_pending":
        return real
    action = "deny" if kind == "device_denied" else "confirm"
    page = f"{DEVICE_PAGE}?{urlencode({'code': device['user_code']})}"
    response = _browser(JOHN).post(page, {"action": action})
    assert b'data-testid="device-done"' in response.content, response.content
    if kind == "used_device":
        _redeem({"grant_type": DEVICE_GRANT, "device_code": real[DEVICE],
                 "client_id": POWERSHELL_CLIENT_ID})
    return real


def _mint(kind: str, client: str, resource: bool) -> dict[str, str]:
    """Real values for the placeholders: a fresh or used code, a fresh or used refresh token, a
    device code in each of its states."""
    client_id, redirect_uri = CLIENTS[client]
    real = {CLIENT: client_id, REDIRECT: redirect_uri, SECRET: _client_secret(client) or "",
            CODE: "", REFRESH: "", DEVICE: ""}
    if kind == "none":
        return real
    if kind in DEVICE_KINDS:
        return _mint_device_code(kind, real, resource)
    real[CODE] = _issue_code(client, resource=resource)
    if kind == "code":
        return real
    form = _plausible_token_form("code", client)
    tokens = _redeem({name: real.get(value, value) for name, value in form.items()})
    if kind == "used_code":
        return real
    real[REFRESH] = tokens["refresh_token"]
    if kind == "used_refresh":
        form = _plausible_token_form("refresh", client)
        _redeem({name: real.get(value, value) for name, value in form.items()})
    return real


def _authorization_header(header: str | None, real: dict[str, str]) -> dict[str, str]:
    if header is None:
        return {}
    if header == f"Basic {CLIENT}:{SECRET}":
        header = _basic(real[CLIENT], real[SECRET])
    return {"Authorization": header}


@hypothesis.settings(FUZZ, max_examples=100)
@given(
    grant=grants,
    drop=st.sets(st.sampled_from(list(TOKEN_FIELDS)), max_size=2),
    odd=token_mutations(),
    extra=st.lists(  # repeated fields (real or odd values) and unknown ones
        st.tuples(st.one_of(st.sampled_from(list(TOKEN_FIELDS)), st.text(max_size=10)),
                  st.one_of(st.sampled_from([CODE, REFRESH, SECRET, CLIENT, REDIRECT, DEVICE]),
                            odd_text)),
        max_size=2,
    ),
    header=basic_headers,
)
# Once a 500 (entra/views/oidc.py): allauth's resource check escaped at the token endpoint.
@example(grant=("code", "powershell", False), drop=set(), odd={}, header=None,
         extra=[("resource", "https://evil.example")])
@example(grant=("none", "automation", False), drop=set(), odd={}, header=None,
         extra=[("resource", "https://evil.example")])
@example(grant=("refresh", "portal", True), drop=set(), odd={}, header=None,
         extra=[("resource", "https://evil.example")])
# A NUL byte in the client id: a 500 on PostgreSQL (IDP_DATABASE_URL), not SQLite.
@example(grant=("none", "automation", False), drop=set(), odd={"client_id": "a\x00b"},
         header=None, extra=[])
# Once a 500 (config/idpkit/device_code_compat.py): every confirmed device code, as allauth's
# validator lacked the method oauthlib 4 calls.
@example(grant=("device_confirmed", "powershell", True), drop=set(), odd={}, header=None,
         extra=[])
def test_token_endpoint_never_fails(grant, drop, odd, extra, header, settings):
    settings.IDP_OIDC_DEVICE_CODE_INTERVAL = 0  # a minted device code is polled right away
    with _isolated():
        real = _mint(*grant)
        form = {k: v for k, v in _plausible_token_form(*grant[:2]).items() if k not in drop}
        form.update(odd)
        pairs = [(name, real.get(value, value)) for name, value in [*form.items(), *extra]]
        response = _token_request(pairs, _authorization_header(header, real))
        _ok(response, f"POST {TOKEN} grant={grant} form={pairs!r:.400} header={header!r:.100}")


@hypothesis.settings(FUZZ, max_examples=60)
@given(
    body=st.one_of(st.binary(max_size=300), huge_strings.map(str.encode)),
    content_type=st.sampled_from([
        "application/x-www-form-urlencoded", "application/json", "multipart/form-data",
        "multipart/form-data; boundary=x", "text/plain", "application/x-www-form-urlencoded; "
        "charset=latin-1", "application/x-www-form-urlencoded; charset=bogus",
    ]),
    path=st.sampled_from([
        TOKEN, AUTHORIZE, "/identity/o/api/revoke", "/identity/o/logout", DEVICE_AUTHORIZATION,
        DEVICE_PAGE,
    ]),
)
def test_junk_bodies_never_fail(body, content_type, path):
    with _isolated():
        response = Client().generic("POST", path, data=body, content_type=content_type)
        _ok(response, f"POST {path} ({content_type}) {body[:200]!r}")


# --- (a) The device code flow's own endpoints (RFC 8628): the CLI's request and the device page.

DEVICE_AUTHORIZATION_ODD = {
    "client_id": client_ids,
    "scope": st.one_of(_words(["openid", "profile", "email", "offline_access", "User.Read"]),
                       odd_text),
    "resource": resources,
    "client_secret": st.one_of(st.just(settings.ENTRA_AUTOMATION_CLIENT_SECRET), odd_text),
}


@hypothesis.settings(FUZZ, max_examples=80)
@given(
    form=st.fixed_dictionaries(
        {"client_id": st.sampled_from([POWERSHELL_CLIENT_ID] * 3 + [AUTOMATION_CLIENT_ID])},
        optional={"scope": st.sampled_from(["openid", "openid profile email"]),
                  "resource": st.just(PARTNER_CENTER_API)},
    ),
    odd=st.dictionaries(st.sampled_from(list(DEVICE_AUTHORIZATION_ODD)), st.just(None),
                        max_size=2),
    data=st.data(),
    extra=extra_pairs,
    tail=raw_tails,
)
@example(form={"client_id": POWERSHELL_CLIENT_ID}, odd={}, data=None, tail="",
         extra=[("resource", "https://evil.example")])
def test_device_authorization_endpoint_never_fails(form, odd, data, extra, tail):
    for name in odd:
        form[name] = data.draw(DEVICE_AUTHORIZATION_ODD[name], label=name)
    with _isolated():
        body = "&".join(part for part in (_query([*form.items(), *extra]), tail) if part)
        response = Client().post(DEVICE_AUTHORIZATION, data=body,
                                 content_type="application/x-www-form-urlencoded")
        _ok(response, f"POST {DEVICE_AUTHORIZATION} {body[:300]!r}")


REAL_USER_CODE, LOWER_USER_CODE, BARE_USER_CODE = "<user-code>", "<lower>", "<no-dash>"
user_codes = st.one_of(
    st.sampled_from([REAL_USER_CODE] * 3 + [LOWER_USER_CODE, BARE_USER_CODE, "BCDF-GHJK", "-"]),
    odd_text,
)


@hypothesis.settings(FUZZ, max_examples=100)
@given(
    persona=personas,
    code=st.none() | user_codes,
    method=st.sampled_from(["GET", "POST", "POST"]),
    action=st.none() | st.sampled_from(["confirm", "confirm", "deny"]) | odd_text,
    tail=raw_tails,
)
def test_device_page_never_fails(persona, code, method, action, tail):
    with _isolated():
        user_code = _issue_device_code(resource=False)["user_code"]
        code = {REAL_USER_CODE: user_code, LOWER_USER_CODE: user_code.lower(),
                BARE_USER_CODE: user_code.replace("-", "")}.get(code, code)
        browser = _browser(persona)
        query = "&".join(
            part for part in (urlencode({"code": code}) if code is not None else "", tail) if part
        )
        if method == "GET":
            response = browser.get(DEVICE_PAGE, QUERY_STRING=query)
        else:
            response = browser.post(f"{DEVICE_PAGE}?{query}",
                                    {"action": action} if action is not None else {})
        _ok(response, f"{method} {DEVICE_PAGE}?{query[:300]} action={action!r:.100}")
        _follow_local(browser, response)


# --- (a) The IdP's HTML forms.

next_urls = st.one_of(
    authorize_queries().map(lambda pairs: f"{AUTHORIZE}?{_query(pairs)}"),
    st.sampled_from(["/", "/mfa/registered/", "/accounts/login/?next=/accounts/login/",
                     "https://evil.example/", "//evil.example", "/\\evil.example",
                     "javascript:alert(1)", "http://testserver/identity/o/authorize?x=1"]),
    odd_text,
)
DEMO_UPNS = ["john@fabrikam.com", "alejandra@contoso.com", "admin@adatum.com",
             "prashob@wingtip.com", "trent@wingtiptoys.com"]
upns = st.one_of(
    st.sampled_from([
        *DEMO_UPNS, "JOHN@FABRIKAM.COM", " john@fabrikam.com", "nobody@contoso.com", "john", "@",
    ]),
    odd_text,
)
passwords = st.one_of(st.just(PASSWORD), odd_text)
SIGN_IN_ODD = {"login": upns, "password": odd_text, "next": next_urls, "remember": odd_text}


@st.composite
def sign_in_forms(draw) -> dict[str, str]:
    """A demo user's UPN and password, with up to two fields odd or left out."""
    form = {"login": draw(st.sampled_from(DEMO_UPNS)), "password": PASSWORD}
    for name in draw(st.sets(st.sampled_from(list(SIGN_IN_ODD)), max_size=2)):
        form[name] = draw(SIGN_IN_ODD[name])
    for name in draw(st.sets(st.sampled_from(["login", "password"]), max_size=1)):
        del form[name]
    return form


def _current_code(upn: str) -> str:
    return pyotp.TOTP(services.demo_totp_secret(upn)).now()


@hypothesis.settings(FUZZ, max_examples=80)
@given(
    persona=st.sampled_from([SIGNED_OUT] * 4 + list(PERSONAS)),
    form=sign_in_forms(),
    query_next=st.none() | next_urls,
    then_code=st.none() | st.just("<totp>") | odd_text,
)
def test_sign_in_form_never_fails(persona, form, query_next, then_code):
    with _isolated():
        browser = _browser(persona)
        path = "/accounts/login/" + (f"?{urlencode({'next': query_next})}" if query_next else "")
        _ok(browser.get(path), f"GET {path[:300]}")
        response = _ok(browser.post(path, form), f"POST {path[:300]} {form!r:.300}")
        location = response.get("Location", "")
        if then_code is not None and location.startswith("/accounts/2fa/authenticate/"):
            # Contoso's policy asks for the code at sign-in: the right one, or anything.
            if then_code == "<totp>":
                then_code = _current_code(form["login"])
            response = _ok(browser.post(location, {"code": then_code}),
                           f"POST {location} {then_code!r}")
        _follow_local(browser, response)


@hypothesis.settings(FUZZ, max_examples=100)
@given(
    persona=personas,
    page=st.sampled_from([
        "/accounts/reauthenticate/", "/accounts/2fa/reauthenticate/", "/accounts/2fa/authenticate/",
    ]),
    method=st.sampled_from(["GET", "POST"]),
    form=st.fixed_dictionaries(
        {}, optional={"password": passwords, "code": st.one_of(st.just("<totp>"), odd_text),
                      "next": next_urls}
    ),
    query_next=st.none() | next_urls,
)
def test_reauthentication_forms_never_fail(persona, page, method, form, query_next):
    with _isolated():
        browser = _browser(persona)
        if form.get("code") == "<totp>":  # the right code, when the persona has a method
            form["code"] = _current_code(persona[0]) if persona else "000000"
        path = page + (f"?{urlencode({'next': query_next})}" if query_next else "")
        response = browser.get(path) if method == "GET" else browser.post(path, form)
        _ok(response, f"{method} {path[:300]} {form!r:.300}")
        _follow_local(browser, response)


@hypothesis.settings(FUZZ, max_examples=80)
@given(
    persona=personas,
    query_next=st.none() | next_urls,
    form=st.fixed_dictionaries(
        {}, optional={"code": st.one_of(st.just("<right>"), odd_text), "next": next_urls}
    ),
)
def test_mfa_registration_never_fails(persona, query_next, form):
    with _isolated():
        browser = _browser(persona)
        path = "/mfa/register/" + (f"?{urlencode({'next': query_next})}" if query_next else "")
        _ok(browser.get(path), f"GET {path[:300]}")
        if form.get("code") == "<right>":  # the code of the secret the page just showed
            secret = browser.session.get(TOTP_SECRET_SESSION_KEY)
            form["code"] = pyotp.TOTP(secret).now() if secret else "123456"
        response = _ok(browser.post(path, form), f"POST {path[:300]} {form!r:.300}")
        _follow_local(browser, response)  # recovery codes, then verification


@hypothesis.settings(FUZZ, max_examples=80)
@given(
    persona=personas,
    page=st.sampled_from(["/mfa/cancel/", "/mfa/registered/", "/"]),
    next_url=st.none() | next_urls,
    tail=raw_tails,
)
@example(persona=JOHN, page="/mfa/cancel/", tail="",
         next_url=f"{AUTHORIZE}?{_query(_known('powershell', claims='[' * 5000))}")
def test_mfa_cancel_and_result_pages_never_fail(persona, page, next_url, tail):
    with _isolated():
        browser = _browser(persona)
        query = "&".join(
            part for part in (urlencode({"next": next_url}) if next_url else "", tail) if part
        )
        _ok(browser.get(page, QUERY_STRING=query), f"GET {page}?{query[:300]}")


# --- (a) The IdP's other endpoints: sign-out, userinfo, revocation, QA API, security info.

OTHER_PAGES = [
    ("GET", "/identity/o/logout"), ("POST", "/identity/o/logout"),
    ("GET", "/identity/o/api/userinfo"), ("POST", "/identity/o/api/userinfo"),
    ("POST", "/identity/o/api/revoke"), ("GET", "/.well-known/openid-configuration"),
    ("GET", "/.well-known/jwks.json"), ("GET", "/qa/users/{odd}/totp"), ("POST", "/qa/reset"),
    ("GET", "/mfa/registered/"), ("GET", "/accounts/2fa/"), ("POST", "/accounts/logout/"),
    ("POST", "/i18n/setlang/"),
]
other_params = st.dictionaries(
    st.one_of(st.sampled_from([
        "id_token_hint", "post_logout_redirect_uri", "client_id", "state", "ui_locales",
        "token", "token_type_hint", "client_secret", "next", "language", "action",
    ]), st.text(max_size=8)),
    st.one_of(st.sampled_from([
        POWERSHELL_CLIENT_ID, PORTAL_CLIENT_ID, f"{settings.PORTAL_BASE_URL}/", "ko", "en",
        "access_token", "refresh_token", "eyJhbGciOiJub25lIn0.e30.", "eyJ.eyJ.x",
    ]), odd_text),
    max_size=4,
)


@hypothesis.settings(FUZZ, max_examples=80)
@given(
    persona=personas,
    page=st.sampled_from(OTHER_PAGES),
    params=other_params,
    path_part=st.one_of(st.sampled_from([*DEMO_UPNS, "a\x00b"]), st.text(min_size=1, max_size=30)),
    authorization=st.none() | st.sampled_from(["Bearer ", "Bearer eyJ.eyJ.x", "Basic Og=="])
    | st.binary(max_size=40).map(lambda raw: "Bearer " + raw.decode("latin-1")),
)
def test_other_idp_endpoints_never_fail(persona, page, params, path_part, authorization):
    method, path = page
    path = path.replace("{odd}", quote(path_part, safe=""))
    with _isolated():
        browser = _browser(persona)
        headers = {"Authorization": authorization} if authorization else None
        if method == "GET":
            response = browser.get(path, QUERY_STRING=urlencode(params), headers=headers)
        else:
            response = browser.post(path, params, headers=headers)
        _ok(response, f"{method} {path} {params!r:.300} {authorization!r:.60}")
