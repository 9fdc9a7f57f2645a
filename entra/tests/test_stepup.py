import pytest

from entra.internal.stepup import AcrRequest, StepUpError, acr_answer, parse_stepup


@pytest.mark.parametrize(
    ("params", "reasons"),
    [
        ({}, ()),
        ({"amr_values": "pwd"}, ()),
        ({"amr_values": "mfa"}, ("amr_values",)),
        ({"amr_values": "pwd ngcmfa"}, ("amr_values",)),
        ({"acr_values": "possessionorinherence"}, ("acr_values",)),
        ({"acr_values": "1"}, ()),
        ({"claims": '{"id_token": {"amr": {"values": ["mfa"]}}}'}, ("claims",)),
        ({"claims": '{"access_token": {"acr": {"essential": true, "value": "mfa"}}}'}, ("claims",)),
        ({"claims": '{"id_token": {"amr": null}}'}, ()),
        ({"claims": '{"userinfo": {"email": null}}'}, ()),
    ],
)
def test_which_parameters_ask_for_mfa(params, reasons):
    stepup = parse_stepup(params)
    assert stepup.reasons == reasons
    assert stepup.mfa is bool(reasons)


@pytest.mark.parametrize(
    "params",
    [
        {"claims": "{oops"},
        {"claims": "[1, 2]"},
        {"claims": '{"id_token": "amr"}'},
        {"claims": '{"id_token": {"amr": {"values": "mfa"}}}'},
        {"max_age": "soon"},
        {"max_age": "-5"},
        # Found by attacking the IdP: each used to escape as a 500.
        pytest.param({"claims": '{"id_token": {"amr": {"values": [{}]}}}'}, id="dict-value"),
        pytest.param({"claims": '{"id_token": {"acr": {"value": ["mfa"]}}}'}, id="list-value"),
        pytest.param({"claims": "[" * 5000}, id="deep-nesting"),
        pytest.param({"claims": "[" * 3000 + "]" * 3000}, id="deep-but-short"),
    ],
)
def test_malformed_step_up_parameters_are_rejected(params):
    with pytest.raises(StepUpError):
        parse_stepup(params)


def test_max_age_and_prompt_login_are_read():
    stepup = parse_stepup({"max_age": "300", "prompt": "login consent"})
    assert stepup.max_age == 300
    assert stepup.force_login is True
    assert parse_stepup({"prompt": "consent"}).force_login is False


@pytest.mark.parametrize(
    ("claims", "contexts"),
    [
        ('{"id_token": {"acrs": {"essential": true, "value": "c1"}}}', ("c1",)),
        ('{"access_token": {"acrs": {"essential": true, "values": ["c2", "c1", "c2"]}}}',
         ("c2", "c1")),
        ('{"id_token": {"acrs": {"values": ["c99", "c100", "x"]}}}', ("c99",)),
        ('{"userinfo": {"acrs": {"value": "c1"}}}', ()),  # acrs is a token claim
        ('{"id_token": {"acrs": null}}', ()),
    ],
)
def test_an_auth_context_request_asks_for_mfa(claims, contexts):
    stepup = parse_stepup({"claims": claims})
    assert stepup.auth_contexts == contexts
    assert stepup.mfa is bool(contexts)


@pytest.mark.parametrize(
    ("params", "acr"),
    [
        ({}, AcrRequest()),
        ({"acr_values": "mfa 1"}, AcrRequest(values=("mfa", "1"), essential=False)),
        ({"claims": '{"id_token": {"acr": {"essential": true, "values": ["mfa"]}}}'},
         AcrRequest(values=("mfa",), essential=True)),
        ({"claims": '{"id_token": {"acr": {"value": "mfa"}}}', "acr_values": "1"},
         AcrRequest(values=("mfa",), essential=False)),
        # Only the ID token's acr request is answered (OIDC Core 5.5.1.1).
        ({"claims": '{"userinfo": {"acr": {"essential": true, "value": "mfa"}}}'}, AcrRequest()),
    ],
)
def test_the_acr_request_is_read(params, acr):
    assert parse_stepup(params).acr == acr


PAPE = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"


@pytest.mark.parametrize(
    ("request_", "has_mfa", "answer"),
    [
        (AcrRequest(), False, "1"),
        (AcrRequest(), True, "1"),  # nothing asked: Entra's "1"
        (AcrRequest(values=("mfa",), essential=True), True, "mfa"),
        (AcrRequest(values=(PAPE,), essential=True), True, PAPE),
        (AcrRequest(values=("mfa",), essential=True), False, None),  # unmet: a failed sign-in
        (AcrRequest(values=("urn:x", "possessionorinherence"), essential=True), True,
         "possessionorinherence"),
        (AcrRequest(values=("urn:x",), essential=True), True, None),
        (AcrRequest(values=("mfa",), essential=False), False, "1"),  # voluntary: the session's
        (AcrRequest(values=("1", "mfa"), essential=True), True, "1"),  # order of preference
    ],
)
def test_the_acr_answer_satisfies_the_request(request_, has_mfa, answer):
    assert acr_answer(request_, has_mfa=has_mfa) == answer
