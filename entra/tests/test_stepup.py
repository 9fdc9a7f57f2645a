import pytest

from entra.internal.stepup import StepUpError, parse_stepup


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
