"""Writes of the compliance records."""

from __future__ import annotations

from compliance.models import AccessDecision


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
