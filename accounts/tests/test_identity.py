"""What counts as MFA (``accounts.identity``): one rule per setting, and the API's own."""

from __future__ import annotations

import pytest

from accounts.conf import ConfigurationError, MfaClaim
from accounts.identity import AMR_RULE, MfaRule, PartnerIdentity, portal_mfa_rule
from api.principal import ApiPrincipal
from conftest import CONTOSO_TENANT_ID


def _identity(*, amr=(), acrs=None, rule: MfaRule = AMR_RULE) -> PartnerIdentity:
    claims = {"sub": "s", "tid": CONTOSO_TENANT_ID, "upn": "ada@contoso.com", "amr": list(amr)}
    if acrs is not None:
        claims["acrs"] = list(acrs)
    return PartnerIdentity.from_claims(claims, mfa_rule=rule)


@pytest.mark.parametrize(
    ("amr", "has_mfa"),
    [(("pwd", "mfa"), True), (("ngcmfa",), True), (("pwd",), False), (("pwd", "otp"), False),
     ((), False)],
)
def test_the_amr_rule_wants_mfa_or_ngcmfa_in_amr(amr, has_mfa):
    assert _identity(amr=amr).has_mfa is has_mfa


C1 = MfaRule(claim=MfaClaim.ACRS, auth_context="c1")


@pytest.mark.parametrize(
    ("amr", "acrs", "has_mfa"),
    [
        (("pwd",), ("c1",), True),
        ((), ("c2", "c1"), True),
        (("pwd", "mfa"), None, False),  # amr is not what this rule reads
        (("pwd", "mfa"), ("c2",), False),  # another context's policy may not require MFA
        ((), (), False),
    ],
)
def test_the_acrs_rule_wants_the_configured_context_in_acrs(amr, acrs, has_mfa):
    assert _identity(amr=amr, acrs=acrs, rule=C1).has_mfa is has_mfa


@pytest.mark.parametrize(
    ("stepup", "mfa_claim", "rule"),
    [
        ("amr_values", "", AMR_RULE),
        ("reauthenticate", "", AMR_RULE),
        ("auth_context", "", MfaRule(claim=MfaClaim.ACRS, auth_context="c3")),
        ("auth_context", "amr", AMR_RULE),  # Entra v1 with a context: amr still says mfa
    ],
)
def test_the_portal_rule_follows_the_settings(settings, stepup, mfa_claim, rule):
    settings.OIDC_STEPUP, settings.OIDC_MFA_CLAIM = stepup, mfa_claim
    settings.OIDC_AUTH_CONTEXT = "c3"
    assert portal_mfa_rule() == rule


@pytest.mark.parametrize(
    ("stepup", "mfa_claim", "context", "setting"),
    [
        ("sms", "", "c1", "OIDC_STEPUP"),
        ("amr_values", "acrs", "c1", "OIDC_MFA_CLAIM"),  # no context is ever asked for
        ("auth_context", "otp", "c1", "OIDC_MFA_CLAIM"),
        ("auth_context", "", "c100", "OIDC_AUTH_CONTEXT"),
    ],
)
def test_an_unusable_rule_setting_is_a_configuration_error_naming_it(
    settings, stepup, mfa_claim, context, setting
):
    settings.OIDC_STEPUP, settings.OIDC_MFA_CLAIM = stepup, mfa_claim
    settings.OIDC_AUTH_CONTEXT = context
    with pytest.raises(ConfigurationError) as raised:
        portal_mfa_rule()
    assert raised.value.setting == setting
    assert setting in str(raised.value)


def test_the_api_keeps_the_amr_rule_whatever_the_portal_uses(settings):
    # Partner Center's API rule: App+User tokens need mfa in amr, contexts or not.
    settings.OIDC_STEPUP = "auth_context"
    claims = {
        "tid": CONTOSO_TENANT_ID, "oid": "o", "sub": "s", "appid": "a", "upn": "ada@contoso.com",
        "amr": ["pwd"], "acrs": ["c1"], "scp": "user_impersonation",
    }
    assert not ApiPrincipal.from_claims(claims).has_mfa
    assert ApiPrincipal.from_claims({**claims, "amr": ["pwd", "mfa"], "acrs": []}).has_mfa
