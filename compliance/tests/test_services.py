import pytest

from accounts.identity import PartnerIdentity
from compliance.models import AccessDecision
from compliance.services import portal_decision_record
from conftest import CONTOSO_TENANT_ID
from portal.policy import Decision

pytestmark = pytest.mark.django_db

R = AccessDecision.Result


def _identity(*, amr: tuple[str, ...] = ("pwd", "mfa")) -> PartnerIdentity:
    return PartnerIdentity(
        object_id="11111111-2222-3333-4444-555555555555", tenant_id=CONTOSO_TENANT_ID,
        upn="alejandra@contoso.com", name="Alejandra", roles=frozenset({"AdminAgent"}),
        amr=amr, auth_time=None,
    )


def test_records_a_browser_decision_of_the_portal_client(settings):
    settings.OIDC_RP_CLIENT_ID = "portal-client"

    decision = portal_decision_record(
        identity=_identity(), area="billing", decision=Decision.ALLOW, status_code=200
    )

    decision.refresh_from_db()
    assert str(decision.partner_tenant_id) == CONTOSO_TENANT_ID
    assert decision.channel == AccessDecision.Channel.PORTAL
    assert decision.token_kind == AccessDecision.TokenKind.BROWSER
    assert decision.principal == "alejandra@contoso.com"
    assert decision.object_id == "11111111-2222-3333-4444-555555555555"
    assert decision.app_id == "portal-client"
    assert decision.operation == "billing"
    assert decision.mfa is True
    assert (decision.result, decision.status_code) == (R.ALLOWED, 200)


@pytest.mark.parametrize(
    ("policy_decision", "status_code", "result"),
    [
        (Decision.ALLOW, 200, R.ALLOWED),
        (Decision.ALLOW, 302, R.ALLOWED),
        (Decision.ALLOW, 404, R.REFUSED),  # the page refused what the policy allowed
        (Decision.STEP_UP, 302, R.MFA_REQUIRED),  # sent to the IdP for MFA
        (Decision.STEP_UP, 403, R.MFA_REQUIRED),  # mfa-blocked, or the cancelled step-up
        (Decision.FORBIDDEN, 403, R.FORBIDDEN),
    ],
)
def test_result_follows_the_policy_then_the_page(policy_decision, status_code, result):
    decision = portal_decision_record(
        identity=_identity(amr=("pwd",)), area="security", decision=policy_decision,
        status_code=status_code,
    )

    assert (decision.result, decision.status_code, decision.mfa) == (result, status_code, False)


def test_a_sign_in_redirect_is_not_a_decision_about_a_user():
    assert portal_decision_record(
        identity=_identity(), area="billing", decision=Decision.SIGN_IN, status_code=302
    ) is None
    assert not AccessDecision.objects.exists()


def test_ngcmfa_counts_as_mfa():
    decision = portal_decision_record(
        identity=_identity(amr=("ngcmfa",)), area="customers", decision=Decision.ALLOW,
        status_code=200,
    )

    assert decision.mfa is True
