"""Random input at the portal never makes it answer 5xx (property-based, Hypothesis).

Every request goes through Django's test client, which re-raises an exception that escapes a
view: so the property "no status >= 500" also means "no unhandled exception". Any 2xx, 3xx or
4xx is an acceptable answer to nonsense. The 5xx allowed are the sign-in pages' 503 page
for an identity provider that does not answer (these tests point ``OIDC_AUTHORITY`` at a port
where nothing listens, so a request that gets as far as the provider gets exactly that page),
and their 502 configuration error page for a token the settings cannot use.

Each example starts from a fresh browser (signed in with the ``sign_in`` fixture, or not), an
empty cache, and runs inside a savepoint rolled back afterwards (a support request created or a
fraud event resolved by one example is not there for the next), so failures replay and shrink.

Run: ``.venv/bin/pytest --ds=config.settings.portal_test portal/tests/test_fuzz.py``
"""

from __future__ import annotations

import json
import string
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import hypothesis
import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

from accounts import provider
from billing.models import Invoice
from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from customers.models import Customer
from security.models import FraudEvent
from support.models import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    SupportRequest,
)

pytestmark = pytest.mark.security

FUZZ = hypothesis.settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: CI failures are reproducible
    database=None,  # nothing written to .hypothesis/ in the checkout
    print_blob=True,
)

# Nothing listens on the discard port: the provider is unreachable, and answers fail fast.
UNREACHABLE_AUTHORITY = "http://localhost:9"

# --- Who is at the browser: keyword arguments of the ``sign_in`` fixture, or None (signed out).
PERSONAS: dict[str, dict | None] = {
    "signed out": None,
    "admin agent": {"roles": ("AdminAgent",), "mfa": True},
    "admin agent, password only": {"roles": ("AdminAgent",), "mfa": False},
    "helpdesk agent": {"roles": ("HelpdeskAgent",), "mfa": True,
                       "upn": "helpdesk.agent@contoso.com"},
    "sales agent": {"roles": ("SalesAgent",), "mfa": True, "upn": "sales.agent@contoso.com"},
    "billing admin": {"roles": ("BillingAdmin",), "mfa": True, "upn": "billing.admin@contoso.com"},
    "security admin": {"roles": ("SecurityAdmin",), "mfa": True,
                       "upn": "security.admin@contoso.com"},
    "no role": {"roles": (), "mfa": True, "upn": "no.role@contoso.com"},
    "fabrikam admin agent": {"roles": ("AdminAgent",), "mfa": True, "upn": "john@fabrikam.com",
                             "tenant_id": FABRIKAM_TENANT_ID},
}
personas = st.sampled_from(list(PERSONAS))


@pytest.fixture
def workspaces(client, sign_in) -> dict[str, dict[str, list[str]]]:
    """Both partners' demo content, seeded once per test (before any example's savepoint); the
    real ids of each, by kind, so that examples can ask for their own or another partner's."""
    sign_in()
    sign_in(upn="john@fabrikam.com", tenant_id=FABRIKAM_TENANT_ID)
    client.logout()
    ids = {}
    for name, tenant in (("own", CONTOSO_TENANT_ID), ("other", FABRIKAM_TENANT_ID)):
        ids[name] = {
            "customer": [str(c) for c in Customer.objects.filter(
                partner_tenant_id=tenant).values_list("customer_tenant_id", flat=True)],
            "invoice": list(Invoice.objects.filter(
                partner_tenant_id=tenant).values_list("number", flat=True)),
            "support": list(SupportRequest.objects.filter(
                partner_tenant_id=tenant).values_list("number", flat=True)),
            "fraud": [str(pk) for pk in FraudEvent.objects.filter(
                partner_tenant_id=tenant).values_list("pk", flat=True)],
        }
        assert all(ids[name].values()), f"no demo content for {name}: {ids[name]}"
    return ids


@pytest.fixture
def provider_down(settings):
    settings.OIDC_AUTHORITY = UNREACHABLE_AUTHORITY
    provider.forget_provider()
    yield UNREACHABLE_AUTHORITY
    provider.forget_provider()


@pytest.fixture
def provider_metadata_only(provider_down):
    """A provider whose discovery document is known (cached) but whose endpoints do not answer:
    sign-ins start (a 302 to the authorization endpoint) and redeeming a code gets the 503."""
    authority = provider_down
    provider._metadata[authority] = (float("inf"), provider.ProviderMetadata(
        issuer=authority,
        authorization_endpoint=f"{authority}/authorize",
        token_endpoint=f"{authority}/token",
        jwks_uri=f"{authority}/jwks",
        end_session_endpoint=f"{authority}/logout",
    ))
    return authority


@contextmanager
def _example(client: Client, sign_in, persona: str) -> Iterator[None]:
    """One example: empty cache, a fresh browser as ``persona``, database changes rolled back."""
    cache.clear()
    with transaction.atomic():
        client.logout()  # a new session and no cookies at all
        if PERSONAS[persona] is not None:
            sign_in(**PERSONAS[persona])
        yield
        transaction.set_rollback(True)
    cache.clear()


def _outcome(response: HttpResponse) -> str:
    """A label for --hypothesis-show-statistics: how far the examples got."""
    location = response.get("Location", "")
    if not location:
        return str(response.status_code)
    path = urlsplit(location).path
    return f"{response.status_code} to {path if path.startswith('/') else 'elsewhere'}"[:60]


def _ok(response: HttpResponse, what: str, *, provider_down_ok: bool = False) -> HttpResponse:
    hypothesis.event(_outcome(response))
    if provider_down_ok and response.status_code == 503:
        # The identity provider is unreachable on purpose: its page, not a crash.
        assert b'data-testid="signin-error"' in response.content, what
        return response
    if provider_down_ok and response.status_code == 502:
        # A token the settings cannot use (no tid; no amr after a step-up): the configuration
        # error page (accounts.views.configuration_error), not a crash.
        assert b'data-testid="configuration-error"' in response.content, what
        return response
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    return response


def _follow_local(client: Client, response: HttpResponse, hops: int = 2) -> None:
    """Follow redirects within the portal (not to the provider), e.g. back to the page asked
    for, which then shows what the callback left in the session."""
    for _ in range(hops):
        location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if not location.startswith("/") or location.startswith("//"):
            return
        response = _ok(client.get(location), f"GET {location}", provider_down_ok=True)


# --- Building blocks: odd strings.

SPECIAL_STRINGS = (
    "", " ", "\x00", "%00", "\t\n", "null", "undefined", "0", "-1", "NaN", "[]", "{}",
    "\u202e\u200b", "\ufeff", "é", "한국어", "'; DROP TABLE support_supportrequest; --",
    "<script>alert(1)</script>", "../../etc/passwd", "%ff%fe", "%zz", "a=b&c=d",
    "javascript:alert(1)", "//evil.example", "https://evil.example/", "/\\evil.example",
    "http://testserver/dashboard/home", "/dashboard/home", "/billing/?x=1#frag",
)
huge_strings = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["a", "/", "%", "é", "\U0001f600", " "]),
    st.integers(min_value=1_000, max_value=20_000),
)
odd_text = st.one_of(st.text(max_size=40), st.sampled_from(SPECIAL_STRINGS), huge_strings)
query_pairs = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(["q", "page", "sort", "next", "status", "customer", "lang",
                                   "stepup", "state", "code", "error", "days"]),
                  st.text(max_size=10)),
        odd_text,
    ),
    max_size=4,
)
# Raw query-string junk, as a WSGI server hands it over (bytes read as latin-1).
raw_tails = st.one_of(
    st.just(""),
    st.sampled_from(["&", "&&=&", "=x", "next", "next=%ff%fe", "a=%", "%zz=%zz", ";x=1"]),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


def _query(pairs: list[tuple[str, str]], tail: str = "") -> str:
    return "&".join(part for part in (urlencode(pairs), tail) if part)


def _mostly(usual: st.SearchStrategy, unusual: st.SearchStrategy) -> st.SearchStrategy:
    """``usual`` four times out of five."""
    return st.sampled_from([True] * 4 + [False]).flatmap(lambda ok: usual if ok else unusual)


# --- (b) The areas: list and detail pages with odd ids and query strings.

# {kind} in a path is an id: this partner's, another partner's, or anything (see path_ids).
PAGES = (
    "/", "/dashboard/home", "/dashboard/servicehealth", "/dashboard/access",
    "/commerce/customers/", "/commerce/customers/{customer}/",
    "/commerce/customers/{customer}/subscriptions",
    "/dashboard/v2/support/customers/", "/dashboard/v2/support/customers/new",
    "/dashboard/v2/support/customers/{support}",
    "/billing/", "/billing/invoices/{invoice}/", "/billing/invoices/{invoice}/reconciliation.csv",
    "/security/", "/security/fraudevents/", "/security/fraudevents/{fraud}/resolve",
    "/security/requirements", "/security/requirements/{odd}.csv",
    "/security/requirements/principals.csv",
    "/oidc/logout/", "/i18n/setlang/", "/nowhere/{odd}",
)
path_ids = st.one_of(
    st.sampled_from(["<own>", "<own>", "<other>"]),
    st.uuids().map(str),
    st.integers(min_value=0, max_value=10**40).map(str),  # <int:pk> takes any digits
    st.sampled_from(["0", "-1", "00000001", "1e3", "%20", "..", ".", "a/b", "x" * 300, "a\x00b"]),
    odd_text.filter(bool),
)


def _path(template: str, path_id: str, ids: dict[str, dict[str, list[str]]], pick: int) -> str:
    for kind in ("customer", "support", "invoice", "fraud", "odd"):
        if "{" + kind + "}" not in template:
            continue
        if path_id in ("<own>", "<other>") and kind != "odd":
            choices = ids[path_id.strip("<>")][kind]
            value = choices[pick % len(choices)]
        else:
            value = path_id
        return template.replace("{" + kind + "}", quote(value, safe=""))
    return template


@hypothesis.settings(FUZZ, max_examples=150)
@given(
    persona=personas,
    page=st.sampled_from(PAGES),
    path_id=path_ids,
    pick=st.integers(min_value=0, max_value=10),
    method=_mostly(st.just("GET"), st.sampled_from(["POST", "HEAD", "PUT", "DELETE", "OPTIONS"])),
    pairs=query_pairs,
    tail=raw_tails,
)
@example(persona="admin agent", page="/security/fraudevents/{fraud}/resolve",
         path_id=str(2**63), pick=0, method="POST", pairs=[], tail="")
@example(persona="admin agent", page="/commerce/customers/{customer}/subscriptions",
         path_id="<other>", pick=0, method="GET", pairs=[], tail="")
# A NUL byte in a ticket or invoice number: a 500 on PostgreSQL (DATABASE_URL), not SQLite.
@example(persona="admin agent", page="/dashboard/v2/support/customers/{support}",
         path_id="a\x00b", pick=0, method="GET", pairs=[], tail="")
@example(persona="admin agent", page="/billing/invoices/{invoice}/", path_id="a\x00b", pick=0,
         method="GET", pairs=[], tail="")
def test_area_pages_never_fail(client, sign_in, workspaces, provider_down, persona, page,
                               path_id, pick, method, pairs, tail):
    path = _path(page, path_id, workspaces, pick)
    query = _query(pairs, tail)
    with _example(client, sign_in, persona):
        if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
            response = client.generic(method, path, QUERY_STRING=query)
        else:  # the query string's pairs as a form
            response = client.generic(
                method, path, data=urlencode(pairs), QUERY_STRING=tail,
                content_type="application/x-www-form-urlencoded",
            )
        _ok(response, f"{persona}: {method} {path[:200]}?{query[:300]}")


# --- (b) The support "new request" form.

NEW_REQUEST = "/dashboard/v2/support/customers/new"


def _text_of_length(length: int) -> str:
    return ("Users cannot sign in after MFA. " * (length // 32 + 1))[:length]


SUPPORT_ODD = {
    "customer": st.one_of(
        st.sampled_from(["<other>", "", "not-a-uuid", "0", "{<own>}", "urn:uuid:<own>",
                         "<OWN>", "<own-hex>", "<own> ", "<own>\x00"]),
        st.uuids().map(str),
        st.integers().map(str),
        odd_text,
    ),
    "title": st.one_of(
        st.sampled_from([0, TITLE_MIN_LENGTH - 1, TITLE_MIN_LENGTH, TITLE_MAX_LENGTH,
                         TITLE_MAX_LENGTH + 1]).map(_text_of_length),
        st.sampled_from(["     ", "\x00\x00\x00\x00\x00", "\u202eabcde", "<b>bold</b>"]),
        odd_text,
    ),
    "description": st.one_of(
        st.sampled_from([DESCRIPTION_MIN_LENGTH - 1, DESCRIPTION_MIN_LENGTH,
                         DESCRIPTION_MAX_LENGTH, DESCRIPTION_MAX_LENGTH + 1]).map(_text_of_length),
        st.sampled_from([" " * 30, "\x00" * 30, "\r\n" * 15]),
        odd_text,
    ),
    "severity": st.one_of(st.sampled_from(["A", "C", "a", "D", "", "AB", "critical"]), odd_text),
    "contact_email": st.one_of(
        st.sampled_from([
            "a@b", "ä@例え.jp", "x" * 250 + "@x.com", "<script>@x.com", "a@[127.0.0.1]",
            "a@b..com", "a@b.com\n", "a@b.com, c@d.com", "@", "a@" + "b" * 300 + ".com",
        ]),
        st.emails().map(str),
        odd_text,
    ),
    # Fields the form does not have: they must be ignored, never trusted.
    "partner_tenant_id": st.sampled_from([FABRIKAM_TENANT_ID, "x"]),
    "number": odd_text,
    "created_by_upn": odd_text,
    "status": st.sampled_from(["closed", "x"]),
}


@st.composite
def support_forms(draw) -> dict[str, str]:
    """A valid new request, with up to three fields odd (or unknown fields added) or left out."""
    form = {
        "customer": "<own>",
        "title": "Users are locked out after MFA registration",
        "description": "Since the MFA rollout, ten users cannot sign in to Outlook on iOS.",
        "severity": "B",
        "contact_email": "admin.agent@contoso.com",
    }
    for name in draw(st.lists(st.sampled_from(list(SUPPORT_ODD)), unique=True, max_size=3)):
        form[name] = draw(SUPPORT_ODD[name])
    for name in draw(st.sets(st.sampled_from(list(form)), max_size=1)):
        del form[name]
    return form


def _customer_value(value: str, ids: dict[str, dict[str, list[str]]]) -> str:
    own, other = ids["own"]["customer"][0], ids["other"]["customer"][0]
    return (value.replace("<own-hex>", own.replace("-", "")).replace("<own>", own)
            .replace("<OWN>", own.upper()).replace("<other>", other))


@hypothesis.settings(FUZZ, max_examples=120)
@given(
    persona=_mostly(st.just("admin agent"), personas),
    form=support_forms(),
    query=query_pairs,
)
@example(persona="admin agent", query=[], form={
    "customer": "<own>", "title": "Hello", "description": _text_of_length(20), "severity": "A",
    "contact_email": "a@b.example",
})
def test_support_new_request_form_never_fails(client, sign_in, workspaces, persona, form, query):
    if "customer" in form:
        form["customer"] = _customer_value(form["customer"], workspaces)
    path = f"{NEW_REQUEST}?{urlencode(query)}" if query else NEW_REQUEST
    with _example(client, sign_in, persona):
        _ok(client.get(path), f"{persona}: GET {path[:300]}")
        response = _ok(client.post(path, form), f"{persona}: POST {path[:300]} {form!r:.500}")
        _follow_local(client, response)  # the new request's page


# --- (b) Sign-in: the start (/oidc/authenticate/) and the provider's answer (/oidc/callback/).

next_values = st.one_of(
    st.sampled_from([
        "/dashboard/home", "/billing/?x=1", "/commerce/customers/", "/", "//evil.example",
        "https://evil.example/", "http://testserver/billing/", "/\\evil.example",
        "javascript:alert(1)", "/" + "a" * 1100, "/dashboard/home#frag",
    ]),
    odd_text,
)


@hypothesis.settings(FUZZ, max_examples=100)
@given(
    persona=personas,
    provider_answers=st.booleans(),
    params=st.fixed_dictionaries({}, optional={
        "next": next_values, "stepup": st.one_of(st.just("mfa"), odd_text),
    }),
    pairs=query_pairs,
    tail=raw_tails,
)
def test_sign_in_start_never_fails(client, sign_in, provider_down, persona, provider_answers,
                                   params, pairs, tail):
    if provider_answers:  # discovery cached: the start redirects to the provider
        provider._metadata[provider_down] = (float("inf"), provider.ProviderMetadata(
            issuer=provider_down, authorization_endpoint=f"{provider_down}/authorize",
            token_endpoint=f"{provider_down}/token", jwks_uri=f"{provider_down}/jwks",
        ))
    else:
        provider.forget_provider()
    query = _query([*params.items(), *pairs], tail)
    with _example(client, sign_in, persona):
        response = client.get("/oidc/authenticate/", QUERY_STRING=query)
        _ok(response, f"{persona}: GET /oidc/authenticate/?{query[:300]}", provider_down_ok=True)





cookie_values = st.one_of(
    st.sampled_from(["", "x", "e30:1:abc", "eyJhIjoxfQ:1tZ:sig", '"quoted"', "a" * 5000]),
    st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),
)
junk_cookies = st.lists(
    st.tuples(
        st.sampled_from(["pc_signin_<started>", "pc_signin_" + "A" * 16, "pc_signin_",
                         "pc_signin_x", "pc_session", "pc_language", "sessionid"]),
        cookie_values,
    ),
    max_size=2,
)


@hypothesis.settings(FUZZ, max_examples=120)
@given(
    persona=personas,
    start=_mostly(st.fixed_dictionaries({}, optional={
        "next": st.sampled_from(["/dashboard/home", "/billing/", "/security/fraudevents/"]),
        "stepup": st.just("mfa"),
    }), st.none()),
    state=_mostly(st.just("<started>"), st.one_of(
        st.sampled_from(["<unknown>", None]),
        st.text(alphabet=string.ascii_letters, min_size=16, max_size=40),
        odd_text,
    )),
    answer=_mostly(
        st.one_of(  # a code to redeem, or an error such as a cancelled MFA
            st.fixed_dictionaries({"code": st.one_of(st.text(string.ascii_letters, min_size=1),
                                                     odd_text)}),
            st.fixed_dictionaries(
                {"error": st.one_of(st.sampled_from(
                    ["access_denied", "interaction_required", "login_required"]), odd_text)},
                optional={"error_description": odd_text},
            ),
        ),
        st.fixed_dictionaries({}, optional={  # anything, both or neither
            "code": odd_text, "error": odd_text, "error_description": odd_text,
            "session_state": odd_text,
        }),
    ),
    pairs=query_pairs,
    cookies=junk_cookies,
)
@example(persona="signed out", start={"next": "/billing/"}, state="<started>",
         answer={"code": "abc"}, pairs=[], cookies=[])
@example(persona="admin agent, password only", start={"next": "/billing/", "stepup": "mfa"},
         state="<started>", answer={"error": "access_denied", "error_description": "x" * 2000},
         pairs=[], cookies=[])
def test_sign_in_callback_never_fails(client, sign_in, provider_metadata_only, persona, start,
                                      state, answer, pairs, cookies):
    with _example(client, sign_in, persona):
        started = None
        if start is not None:
            response = _ok(client.get("/oidc/authenticate/", start), f"start {start}",
                           provider_down_ok=True)
            started = parse_qs(urlsplit(response.get("Location", "")).query).get("state", [None])[0]
        for name, value in cookies:
            client.cookies[name.replace("<started>", started or "B" * 20)] = value
        state = {"<started>": started, "<unknown>": "C" * 32}.get(state, state)
        query = _query(([("state", state)] if state is not None else [])
                       + list(answer.items()) + pairs)
        response = client.get("/oidc/callback/", QUERY_STRING=query)
        _ok(response, f"{persona}: start={start} GET /oidc/callback/?{query[:400]} "
                      f"cookies={cookies!r:.200}", provider_down_ok=True)
        _follow_local(client, response)


# --- (b) The callback redeeming a code: odd answers from the provider's token endpoint.
# Beyond the query string: the token response itself (status, body) and the ID token in it,
# either junk or correctly signed (with a key the test publishes as the provider's) but carrying
# claims of odd types. The provider is trusted, but the portal may be pointed at a misconfigured
# one (OIDC_AUTHORITY), and must then answer with a page, not a crash.

SIGNING_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "fuzz-key"

json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.sampled_from(["mfa", "pwd", "AdminAgent", CONTOSO_TENANT_ID, "", "x" * 300]),
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)
CLAIMS = ("iss", "aud", "azp", "exp", "iat", "nbf", "sub", "oid", "tid", "nonce", "upn", "name",
          "given_name", "family_name", "email", "preferred_username", "roles", "wids", "amr",
          "auth_time")


@st.composite
def token_responses(draw) -> dict:
    """What the token endpoint answers: a status, and either a body or ID-token claims to sign."""
    if draw(_mostly(st.just(True), st.just(False))):
        # A 200 with a signed ID token whose claims are mostly right.
        odd = draw(st.lists(st.sampled_from(CLAIMS), unique=True, max_size=3))
        return {
            "status": 200,
            "odd_claims": {name: draw(json_values) for name in odd},
            "dropped": draw(st.sets(st.sampled_from(CLAIMS), max_size=1)),
            "kid": draw(_mostly(st.just(KID), st.one_of(st.just("unknown"), odd_text))),
            "extra_fields": draw(st.dictionaries(
                st.sampled_from(["access_token", "token_type", "expires_in", "refresh_token",
                                 "scope"]), json_values, max_size=2)),
        }
    body = draw(st.one_of(
        json_values.map(json.dumps),
        st.fixed_dictionaries({}, optional={
            "error": json_values, "error_description": json_values, "id_token": json_values,
            "access_token": json_values,
        }).map(json.dumps),
        st.binary(max_size=100).map(lambda raw: raw.decode("latin-1")),
    ))
    return {"status": draw(st.sampled_from([200, 200, 400, 401, 403, 500, 502])), "body": body}


class _Keys:
    """Stands in for PyJWT's JWKS client of the provider: publishes SIGNING_KEY as KID."""

    def get_signing_key(self, kid):
        if kid != KID:
            raise jwt.PyJWKClientError(f"Unable to find a signing key that matches: {kid!r}")
        return SimpleNamespace(key=SIGNING_KEY.public_key())


def _token_response(answer: dict, *, nonce: str | None, authority: str) -> requests.Response:
    if "body" in answer:
        body = answer["body"]
    else:
        now = int(time.time())
        object_id = "1b2c3d4e-0000-4000-8000-00000000abcd"
        claims = {
            "iss": authority, "aud": settings.OIDC_RP_CLIENT_ID, "exp": now + 600, "iat": now,
            "sub": object_id, "oid": object_id, "tid": CONTOSO_TENANT_ID, "nonce": nonce,
            "upn": "admin.agent@contoso.com", "name": "Ada Admin", "given_name": "Ada",
            "family_name": "Admin", "roles": ["AdminAgent"], "amr": ["pwd", "mfa"],
            "auth_time": now,
        }
        claims.update(answer["odd_claims"])
        for name in answer["dropped"]:
            claims.pop(name, None)
        # Signed as JWS over the raw JSON: PyJWT's jwt.encode would refuse the odd claim types.
        id_token = jwt.api_jws.encode(json.dumps(claims).encode(), SIGNING_KEY,
                                      algorithm="RS256", headers={"kid": answer["kid"]})
        body = json.dumps({"access_token": "x", "token_type": "Bearer", "id_token": id_token,
                           **answer["extra_fields"]})
    response = requests.Response()
    response.status_code = answer["status"]
    response._content = body.encode("utf-8", "surrogatepass")
    response.headers["Content-Type"] = "application/json"
    response.url = f"{authority}/token"
    return response


def _signed(**odd_claims) -> dict:
    return {"status": 200, "odd_claims": odd_claims, "dropped": set(), "kid": KID,
            "extra_fields": {}}


@hypothesis.settings(FUZZ, max_examples=100)
@given(
    persona=personas,
    stepup=st.booleans(),
    answer=token_responses(),
)
# Found by this test (reported; not fixed here): a token response whose JSON body is not an
# object, and ID-token claims of unexpected types, escape as 500s.
@example(persona="signed out", stepup=False, answer={"status": 200, "body": "null"})
@example(persona="signed out", stepup=False, answer={"status": 400, "body": "[]"})
@example(persona="signed out", stepup=False, answer=_signed(given_name=None))
@example(persona="signed out", stepup=False, answer=_signed(family_name=0))
@example(persona="signed out", stepup=False, answer=_signed(roles=1))
@example(persona="signed out", stepup=False, answer=_signed(wids=True))
@example(persona="signed out", stepup=False, answer=_signed(amr=2))
def test_sign_in_with_odd_token_responses_never_fails(
    client, sign_in, workspaces, provider_metadata_only, monkeypatch, persona, stepup, answer
):
    pending = {}
    monkeypatch.setattr(
        "mozilla_django_oidc.auth.requests.post",
        lambda *args, **kwargs: _token_response(
            answer, nonce=pending.get("nonce"), authority=provider_metadata_only
        ),
    )
    monkeypatch.setattr("accounts.tokens.jwks_client", _Keys)
    with _example(client, sign_in, persona):
        start = {"next": "/billing/", **({"stepup": "mfa"} if stepup else {})}
        response = _ok(client.get("/oidc/authenticate/", start), f"start {start}")
        authorization = parse_qs(urlsplit(response["Location"]).query)
        pending["nonce"] = authorization["nonce"][0]
        query = urlencode({"state": authorization["state"][0], "code": "a-code"})
        response = client.get("/oidc/callback/", QUERY_STRING=query)
        _ok(response, f"{persona}: token endpoint answered {answer!r:.600}", provider_down_ok=True)
        _follow_local(client, response)  # the page asked for, as the identity just verified
        _ok(client.get("/dashboard/home"), f"{persona}: overview after {answer!r:.600}")
