"""The step-up round trip (``accounts.stepup``): its URLs, its outcomes, and the whole trip.

The round trips here run in-process against a stand-in provider: its discovery document is
cached, its token endpoint is ``requests.post`` patched, its key is published through the JWKS
client. So a token a real tenant with a Conditional Access custom control would produce (an
``amr`` without ``mfa`` after a step-up) can be issued on demand.
"""

from __future__ import annotations

import json
import time
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import RequestFactory

from accounts import provider, stepup
from accounts.conf import ConfigurationError
from accounts.identity import PartnerIdentity
from accounts.stepup import Outcome, StepUpOutcome
from conftest import CONTOSO_TENANT_ID

AUTHORITY = "http://localhost:9"  # nothing listens: every call to it is a stand-in below
SIGNING_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "stepup-test"

CUSTOMERS = "/commerce/customers/"
MFA_AREAS = (CUSTOMERS, "/dashboard/v2/support/customers/", "/billing/", "/security/")


def _identity(*amr: str) -> PartnerIdentity:
    return PartnerIdentity.from_claims(
        {"sub": "s", "tid": CONTOSO_TENANT_ID, "upn": "ada@contoso.com", "amr": list(amr)}
    )


def _request(**get: str) -> SimpleNamespace:
    return SimpleNamespace(GET=get, session={}, identity=_identity("pwd"))


# --- URLs and the authorization request


def test_stepup_url_asks_for_mfa_and_comes_back_to_the_page():
    url = stepup.stepup_url("/billing/?year=2024")
    assert urlsplit(url).path == "/oidc/authenticate/"
    assert parse_qs(urlsplit(url).query) == {"next": ["/billing/?year=2024"], "stepup": ["mfa"]}
    assert parse_qs(urlsplit(stepup.sign_in_url("/billing/")).query) == {"next": ["/billing/"]}


def test_only_a_signed_in_user_can_be_stepped_up():
    request = RequestFactory().get(stepup.stepup_url("/billing/"))
    request.identity = None
    assert not stepup.requested(request)  # signed out: an ordinary sign-in
    request.identity = _identity("pwd")
    assert stepup.requested(request)
    request = RequestFactory().get(stepup.sign_in_url("/billing/"))
    request.identity = _identity("pwd")
    assert not stepup.requested(request)


def test_the_provider_is_asked_for_mfa_for_the_signed_in_account():
    assert stepup.authorize_params(_identity("pwd")) == {
        "amr_values": "mfa", "login_hint": "ada@contoso.com",
    }


@pytest.mark.parametrize(
    ("strategy", "params"),
    [
        ("amr_values", {"amr_values": "mfa"}),
        # Entra's authentication context: an essential acrs claim (OIDC Core 5.5).
        ("auth_context", {"claims": '{"id_token":{"acrs":{"essential":true,"value":"c4"}}}'}),
        ("reauthenticate", {"prompt": "login", "max_age": "0"}),
    ],
)
def test_each_strategy_asks_the_provider_its_own_way(settings, strategy, params):
    settings.OIDC_STEPUP, settings.OIDC_AUTH_CONTEXT = strategy, "c4"
    assert stepup.authorize_params(_identity("pwd")) == {
        **params, "login_hint": "ada@contoso.com",
    }


@pytest.mark.parametrize(
    ("strategy", "context", "setting"),
    [("mfa_please", "c1", "OIDC_STEPUP"), ("auth_context", "c1 c2", "OIDC_AUTH_CONTEXT")],
)
def test_an_unknown_strategy_or_context_is_a_configuration_error(
    settings, strategy, context, setting
):
    settings.OIDC_STEPUP, settings.OIDC_AUTH_CONTEXT = strategy, context
    with pytest.raises(ConfigurationError) as raised:
        stepup.authorize_params(_identity("pwd"))
    assert raised.value.setting == setting


# --- Outcomes


@pytest.mark.parametrize(
    ("amr", "kind"),
    [
        (("pwd", "mfa"), Outcome.DONE),
        (("ngcmfa",), Outcome.DONE),  # Windows Hello, passkeys
        (("pwd",), Outcome.WITHOUT_MFA),
        (("pwd", "otp"), Outcome.WITHOUT_MFA),  # a method, but the token does not say MFA
        ((), Outcome.WITHOUT_MFA),
    ],
)
def test_a_token_is_a_done_step_up_only_if_its_amr_says_mfa(amr, kind):
    outcome = StepUpOutcome.from_token(_identity(*amr))
    assert outcome.kind is kind
    assert outcome.amr == amr


def test_provider_errors_are_kept_short():
    outcome = StepUpOutcome.from_provider_error("e" * 1000, "d" * 5000)
    assert outcome.kind is Outcome.DECLINED
    assert (len(outcome.error), len(outcome.description)) == (100, 500)


def test_an_outcome_applies_to_the_area_it_was_asked_for():
    request = _request()
    blocked = StepUpOutcome(kind=Outcome.WITHOUT_MFA, amr=("pwd",))
    stepup.record_outcome(request, next_url=f"{CUSTOMERS}?q=adatum", outcome=blocked)
    assert stepup.outcome_for(request, CUSTOMERS) == blocked
    subscriptions = f"{CUSTOMERS}bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05/subscriptions"
    assert stepup.outcome_for(request, subscriptions) == blocked  # another page, same area
    for path in MFA_AREAS[1:]:
        assert stepup.outcome_for(request, path) is None


def test_a_declined_step_up_is_explained_once():
    request = _request()
    declined = StepUpOutcome.from_provider_error("access_denied", "The user cancelled.")
    stepup.record_outcome(request, next_url="/security/", outcome=declined)
    assert stepup.outcome_for(request, "/security/") == declined
    assert stepup.outcome_for(request, "/security/") is None  # reloading is a retry


@pytest.mark.security
def test_a_step_up_without_mfa_stays_explained_until_a_token_with_mfa():
    request = _request()
    blocked = StepUpOutcome.from_token(_identity("pwd"))
    for path in MFA_AREAS:
        stepup.record_outcome(request, next_url=path, outcome=blocked)
    for _ in range(3):
        assert stepup.outcome_for(request, "/billing/") == blocked
    stepup.record_outcome(
        request, next_url="/billing/", outcome=StepUpOutcome.from_token(_identity("pwd", "mfa"))
    )
    for path in MFA_AREAS:
        assert stepup.outcome_for(request, path) is None


def test_a_new_sign_in_forgets_every_outcome():
    request = _request()
    stepup.record_outcome(
        request, next_url=CUSTOMERS, outcome=StepUpOutcome.from_token(_identity("pwd"))
    )
    stepup.forget_outcomes(request)
    assert stepup.outcome_for(request, CUSTOMERS) is None


@pytest.mark.parametrize("next_url", [None, "", "/no/such/page", "/favicon.ico"])
def test_a_step_up_for_no_area_records_nothing(next_url):
    request = _request()
    stepup.record_outcome(
        request, next_url=next_url, outcome=StepUpOutcome.from_token(_identity("pwd"))
    )
    assert request.session == {}


@pytest.mark.parametrize(
    "stored", [None, [], "blocked", {"customers": "x"}, {"customers": {"kind": "nope"}},
               {"customers": {"amr": ["pwd"]}}, {"customers": {"kind": "without_mfa", "amr": 1}}],
)
def test_outcomes_of_another_shape_in_the_session_are_ignored(stored):
    request = _request()
    request.session = {"accounts_stepup_outcomes": stored}
    assert stepup.outcome_for(request, CUSTOMERS) is None
    blocked = StepUpOutcome.from_token(_identity("pwd"))
    stepup.record_outcome(request, next_url=CUSTOMERS, outcome=blocked)  # and it can be replaced
    assert stepup.outcome_for(request, CUSTOMERS) == blocked


# --- The whole round trip, through the callback


class StandInProvider:
    """The identity provider as the portal meets it: authorize, token endpoint, signing key.

    Every authorization request is answered at once (the user is signed in at the provider):
    with a code whose ID token has ``amr``, or, when ``cancel`` is set, ``access_denied``.
    """

    def __init__(self, identity: PartnerIdentity) -> None:
        self.identity = identity
        self.amr = ["pwd"]
        self.cancel = False
        self.authorizations: list[dict[str, str]] = []
        self._nonce: str | None = None

    # The JWKS client's one method the portal calls.
    def get_signing_key(self, kid: str) -> SimpleNamespace:
        return SimpleNamespace(key=SIGNING_KEY.public_key())

    def token_endpoint(self, *args, **kwargs) -> requests.Response:
        now = int(time.time())
        claims = {
            "iss": AUTHORITY, "aud": settings.OIDC_RP_CLIENT_ID, "iat": now, "exp": now + 600,
            "nonce": self._nonce, "sub": self.identity.object_id, "oid": self.identity.object_id,
            "tid": self.identity.tenant_id, "upn": self.identity.upn, "name": self.identity.name,
            "roles": sorted(self.identity.roles), "amr": list(self.amr), "auth_time": now,
        }
        id_token = jwt.encode(claims, SIGNING_KEY, algorithm="RS256", headers={"kid": KID})
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(
            {"access_token": "at", "token_type": "Bearer", "id_token": id_token}
        ).encode()
        response.headers["Content-Type"] = "application/json"
        return response

    def visit(self, client, path: str):
        """Open ``path`` in the portal and follow every redirect, through this provider too."""
        response = client.get(path)
        for _ in range(10):
            if response.status_code != 302:
                return response
            location = response["Location"]
            if location.startswith(AUTHORITY):
                query = {
                    name: value[0] for name, value in parse_qs(urlsplit(location).query).items()
                }
                self.authorizations.append(query)
                self._nonce = query["nonce"]
                answer = {"error": "access_denied"} if self.cancel else {"code": "a-code"}
                response = client.get("/oidc/callback/", {"state": query["state"], **answer})
            else:
                response = client.get(location)
        raise AssertionError(f"still redirecting after 10 hops: {response['Location']}")


@pytest.fixture
def idp(settings, monkeypatch, sign_in) -> StandInProvider:
    """A password-only session (``sign_in``) and the provider it came from."""
    settings.OIDC_AUTHORITY = AUTHORITY
    provider.forget_provider()
    provider._metadata[AUTHORITY] = (float("inf"), provider.ProviderMetadata(
        issuer=AUTHORITY,
        authorization_endpoint=f"{AUTHORITY}/authorize",
        token_endpoint=f"{AUTHORITY}/token",
        jwks_uri=f"{AUTHORITY}/jwks",
        end_session_endpoint=f"{AUTHORITY}/logout",
    ))
    stand_in = StandInProvider(sign_in(roles=("AdminAgent",), mfa=False))
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", stand_in.token_endpoint)
    monkeypatch.setattr("accounts.tokens.jwks_client", lambda: stand_in)
    yield stand_in
    provider.forget_provider()


def _retry_url(response) -> str:
    body = response.content.decode()
    start = body.rindex('href="', 0, body.index('data-testid="mfa-blocked-retry"')) + len('href="')
    return body[start:body.index('"', start)].replace("&amp;", "&")


@pytest.mark.security
@pytest.mark.parametrize("path", MFA_AREAS)
def test_step_up_answered_without_mfa_is_blocked_and_a_retry_does_not_loop(client, idp, path):
    # A tenant whose MFA is a Conditional Access custom control: the step-up "succeeds" at the
    # provider, and every token it issues says pwd only.
    response = idp.visit(client, path)
    assert response.status_code == 403
    assert b'data-testid="mfa-blocked"' in response.content
    assert b'<code data-testid="mfa-blocked-amr">pwd</code>' in response.content
    assert [(a["amr_values"], a["login_hint"]) for a in idp.authorizations] == [
        ("mfa", "admin.agent@contoso.com")
    ]

    # Reloading explains again, without asking the provider.
    assert b'data-testid="mfa-blocked"' in idp.visit(client, path).content
    assert len(idp.authorizations) == 1

    # "Try again" asks the provider exactly once more; the same answer, the same page.
    response = idp.visit(client, _retry_url(response))
    assert response.status_code == 403
    assert b'data-testid="mfa-blocked"' in response.content
    assert len(idp.authorizations) == 2
    assert idp.visit(client, path).status_code == 403
    assert len(idp.authorizations) == 2


@pytest.mark.security
def test_once_a_token_with_mfa_arrives_every_area_opens(client, idp):
    blocked = idp.visit(client, CUSTOMERS)
    assert b'data-testid="mfa-blocked"' in blocked.content

    idp.amr = ["pwd", "mfa"]  # the admin moved to an external authentication method
    response = idp.visit(client, _retry_url(blocked))
    assert response.status_code == 200
    assert response.wsgi_request.path == CUSTOMERS
    for path in MFA_AREAS:
        response = idp.visit(client, path)
        assert response.status_code == 200
        assert b'data-testid="mfa-blocked"' not in response.content
    assert len(idp.authorizations) == 2  # no area asked again


def test_a_cancelled_step_up_is_the_retry_page_not_the_blocked_page(client, idp):
    idp.cancel = True
    response = idp.visit(client, "/billing/")
    assert response.status_code == 403
    assert b'data-testid="stepup-required"' in response.content
    assert b'<code data-testid="idp-error">access_denied</code>' in response.content
    assert b'data-testid="mfa-blocked"' not in response.content
    # Explained once: opening the area again asks the provider again.
    idp.visit(client, "/billing/")
    assert len(idp.authorizations) == 2


def test_a_blocked_area_does_not_block_the_others_before_they_ask(client, idp):
    idp.visit(client, CUSTOMERS)
    response = idp.visit(client, "/billing/")  # its own step-up, answered the same way
    assert b'data-testid="mfa-blocked"' in response.content
    assert len(idp.authorizations) == 2


def test_a_new_sign_in_forgets_a_blocked_step_up(client, idp):
    idp.visit(client, CUSTOMERS)
    idp.visit(client, stepup.sign_in_url("/dashboard/home"))  # signs in again, no step-up
    response = client.get(CUSTOMERS)
    assert response.status_code == 302
    assert response["Location"] == stepup.stepup_url(CUSTOMERS)
