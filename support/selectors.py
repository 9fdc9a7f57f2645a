"""Reads of the support area, always scoped to one partner tenant."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from support.models import SupportRequest


def support_request_list(*, partner_tenant_id: str | uuid.UUID) -> QuerySet[SupportRequest]:
    """The partner's requests, newest first."""
    return SupportRequest.objects.filter(partner_tenant_id=partner_tenant_id).select_related(
        "customer"
    )


def support_request_get(
    *, partner_tenant_id: str | uuid.UUID, number: str
) -> SupportRequest | None:
    """The partner's request with this number, or None (also for another partner's request)."""
    return (
        SupportRequest.objects.filter(partner_tenant_id=partner_tenant_id, number=number)
        .select_related("customer")
        .first()
    )
