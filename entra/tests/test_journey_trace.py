"""The IdP's own steps of an authorization request (entra.journey_trace, GET /qa/trace)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from entra import journey_trace
from entra.demo_data import POWERSHELL_CLIENT_ID
from entra.tests import oidc_client
from entra.tests.browserless import PASSWORD, IdpBrowser

JOHN = "john@fabrikam.com"


def _trace(visitor: IdpBrowser, flow) -> tuple[int, dict]:
    answer = visitor.session.get(
        f"{visitor.base_url}/qa/trace",
        params={"client_id": POWERSHELL_CLIENT_ID, "state": flow.state}, timeout=10,
    )
    return answer.status_code, answer.json()


def _register_and_verify(visitor: IdpBrowser) -> tuple[str, str]:
    """Journey 3's interrupt; returns the registration and verification codes typed."""
    page = visitor.last.text
    secret = page.split('data-testid="mfa-register-secret">')[1].split("<")[0]
    registration_code = pyotp.TOTP(secret).now()
    visitor.submit({"code": registration_code})
    continue_url = visitor.last.text.split('data-testid="mfa-continue"')[0].rsplit('href="', 1)[1]
    visitor.open(continue_url.split('"')[0].replace("&amp;", "&"))
    verification_code = visitor.totp(JOHN, "next_code")  # the current one was just used
    visitor.enter_code(verification_code)
    return secret, verification_code


@pytest.mark.django_db(transaction=True)
def test_journey3_step_up_is_traced_in_order_without_secrets(visitor, idp):
    first = oidc_client.start(idp)
    visitor.open(first.url)
    visitor.sign_in(JOHN)
    status, body = _trace(visitor, first)
    assert status == 200
    assert [e["kind"] for e in body["events"]] == [
        "idp_request", "idp_sign_in", "idp_password", "idp_policy", "idp_code",
    ]
    policy = body["events"][3]
    assert policy["text"]["en"] == (
        "Fabrikam asks no MFA at sign-in and no step-up was asked: no MFA"
    )
    assert policy["text"]["ko"] != policy["text"]["en"]  # every language of the site

    stepped = oidc_client.start(idp, amr_values="mfa")
    visitor.open(stepped.url)
    secret, verification_code = _register_and_verify(visitor)
    redirect = urlsplit(visitor.client_redirect)
    code = parse_qs(redirect.query)["code"][0]

    status, body = _trace(visitor, stepped)
    events = body["events"]
    assert [e["kind"] for e in events] == [
        "idp_request", "idp_session", "idp_policy", "idp_mfa_registration",
        "idp_mfa_verification", "idp_policy", "idp_code",
    ]
    assert events[0]["text"]["en"].endswith("step-up asked by amr_values=mfa")
    assert events[0]["details"]["parameters"]["amr_values"] == "mfa"
    assert events[2]["text"]["en"] == (
        "step-up asked by amr_values; no method registered: registration"
    )
    assert events[4]["details"] == {"method": "totp"}
    assert events[6]["text"]["en"].endswith("amr = [pwd, mfa, otp], acr = 1")
    assert events[6]["details"]["amr"] == ["pwd", "mfa", "otp"]

    dumped = json.dumps(body)
    for secret_value in (code, secret, verification_code, PASSWORD, stepped.state,
                         stepped.nonce, stepped.verifier):
        assert secret_value not in dumped


def test_the_trace_endpoint_is_demo_only(client, settings):
    settings.ENTRA = {**settings.ENTRA, "QA_API_ENABLED": False}
    response = client.get("/qa/trace", {"client_id": POWERSHELL_CLIENT_ID, "state": "s"})
    assert response.status_code == 404


def test_the_trace_endpoint_needs_the_qa_token_when_set(client, settings):
    settings.ENTRA = {**settings.ENTRA, "QA_API_TOKEN": "s3cret"}
    params = {"client_id": POWERSHELL_CLIENT_ID, "state": "s"}
    assert client.get("/qa/trace", params).status_code == 401
    answer = client.get("/qa/trace", params, headers={"Authorization": "Bearer s3cret"})
    assert answer.status_code == 200


@pytest.mark.parametrize(
    "params", [{}, {"client_id": POWERSHELL_CLIENT_ID}, {"state": "s"}, {"state": "s" * 600,
                                                                         "client_id": "c"}],
)
def test_the_trace_endpoint_wants_client_id_and_state(client, params):
    response = client.get("/qa/trace", params)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_an_unknown_state_has_no_steps(client):
    response = client.get("/qa/trace", {"client_id": POWERSHELL_CLIENT_ID, "state": "unknown"})
    assert response.status_code == 200
    assert response.json() == {"events": []}


def test_steps_are_kept_per_request_and_capped(db):
    events = [{"kind": f"k{i}"} for i in range(journey_trace.MAX_EVENTS + 5)]
    journey_trace.trace_events_append(client_id="c", state="one", events=events, seen=0.0)
    kept = journey_trace.trace_events(client_id="c", state="one")
    assert len(kept) == journey_trace.MAX_EVENTS
    assert kept[-1] == {"kind": f"k{journey_trace.MAX_EVENTS + 4}"}  # the newest survive
    assert journey_trace.trace_events(client_id="c", state="two") == []
    assert journey_trace.trace_events(client_id="other", state="one") == []
