import pytest

from adfs.internal.authn_request import MULTIPLEAUTHN, parse_authn_request


@pytest.mark.parametrize(
    ("params", "mfa"),
    [
        ({}, False),
        ({"acr_values": MULTIPLEAUTHN}, True),
        ({"acr_values": f"urn:other {MULTIPLEAUTHN}"}, True),
        ({"acr_values": "mfa"}, False),  # not a value AD FS knows
        ({"amr_values": "mfa"}, True),
        ({"amr_values": "pwd"}, False),
    ],
)
def test_which_parameters_ask_for_mfa(params, mfa):
    assert parse_authn_request(params).mfa is mfa


def test_prompt_and_login_hint():
    request = parse_authn_request({"prompt": "login consent", "login_hint": " a@wingtip.com "})
    assert request.force_login
    assert not request.silent
    assert request.login_hint == "a@wingtip.com"
    assert parse_authn_request({"prompt": "none"}).silent
