"""Writes of the compliance records."""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings

from accounts.identity import PartnerIdentity
from compliance.models import AccessDecision
from portal.policy import Decision

R = AccessDecision.Result

# What the access policy decided, as a compliance result. A step-up and the mfa-blocked page
# are both the policy's STEP_UP: either way the user was refused for want of MFA.
_PORTAL_RESULTS = {
    Decision.ALLOW: R.ALLOWED,
    Decision.STEP_UP: R.MFA_REQUIRED,
    Decision.FORBIDDEN: R.FORBIDDEN,
}


def decision_record(
    *,
    partner_tenant_id: str,
    channel: str,
    token_kind: str,
    principal: str,
    object_id: str,
    app_id: str,
    operation: str,
    mfa: bool,
    result: str,
    status_code: int,
) -> AccessDecision:
    """Record one access decision (see ``AccessDecision`` for which requests are recorded)."""
    return AccessDecision.objects.create(
        partner_tenant_id=partner_tenant_id,
        channel=channel,
        token_kind=token_kind,
        principal=principal[:254],
        object_id=object_id[:150],
        app_id=app_id[:100],
        operation=operation,
        mfa=mfa,
        result=result,
        status_code=status_code,
    )


def portal_decision_record(
    *, identity: PartnerIdentity, area: str, decision: Decision, status_code: int
) -> AccessDecision | None:
    """Record the portal's answer to a signed-in user for a page of ``area`` (one INSERT).

    ``AccessPolicyMiddleware`` calls this once the response is known, for non-public areas only.
    As for the API, a request the policy allowed but the page refused (a 404 for another
    partner's invoice, a bad form) is ``refused``: the policy did not stop it, the page did.
    Nothing is recorded for a decision that is not about a signed-in user (sign-in redirect).
    """
    result = _PORTAL_RESULTS.get(decision)
    if result is None:
        return None
    if result == R.ALLOWED and status_code >= HTTPStatus.BAD_REQUEST:
        result = R.REFUSED
    return decision_record(
        partner_tenant_id=identity.tenant_id,
        channel=AccessDecision.Channel.PORTAL,
        token_kind=AccessDecision.TokenKind.BROWSER,
        principal=identity.upn,
        object_id=identity.object_id,
        # The portal's own OIDC client: the application the user signed in to.
        app_id=settings.OIDC_RP_CLIENT_ID,
        operation=area,
        mfa=identity.has_mfa,
        result=result,
        status_code=status_code,
    )
