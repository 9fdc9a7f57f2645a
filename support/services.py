"""Writes of the support area."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from support import demo_data
from support.models import NUMBER_LENGTH, SupportRequest

# Partner Center's ticket numbers: YYMMDD, a fixed "001", then the sequence of that day.
_NUMBER_INFIX = "001"
_SEQUENCE_DIGITS = NUMBER_LENGTH - 6 - len(_NUMBER_INFIX)
# A concurrent creation may take the number we computed; after this many lost races give up.
_NUMBER_ATTEMPTS = 5


def _support_request_number_next(*, day: date) -> str:
    prefix = f"{day:%y%m%d}{_NUMBER_INFIX}"
    last = SupportRequest.objects.filter(number__startswith=prefix).aggregate(
        last=Max("number")
    )["last"]
    sequence = int(last[len(prefix):]) + 1 if last else 1
    if sequence >= 10**_SEQUENCE_DIGITS:
        raise ValidationError(_("No ticket numbers are left for today."))
    return f"{prefix}{sequence:0{_SEQUENCE_DIGITS}d}"


def _support_request_insert(*, support_request: SupportRequest) -> SupportRequest:
    """Validate and save a new request under the next free number of its creation day."""
    support_request.full_clean(exclude=["number"])
    for _attempt in range(_NUMBER_ATTEMPTS):
        support_request.number = _support_request_number_next(
            day=timezone.localdate(support_request.created_at)
        )
        try:
            # A savepoint, so that losing the race to the unique index leaves the caller's
            # transaction usable for the next attempt.
            with transaction.atomic():
                support_request.save(force_insert=True)
        except IntegrityError:
            if not SupportRequest.objects.filter(number=support_request.number).exists():
                raise  # not a taken number: a real integrity problem
            continue
        return support_request
    raise ValidationError(_("Could not assign a ticket number; please try again."))


@transaction.atomic
def support_request_create(
    *,
    partner_tenant_id: str,
    customer: Customer,
    title: str,
    description: str,
    severity: str,
    contact_email: str,
    created_by_upn: str,
) -> SupportRequest:
    """Open a support request for one of the partner's customers and give it a ticket number.

    Raises ValidationError when the customer belongs to another partner or a field is invalid;
    nothing is saved then.
    """
    if uuid.UUID(str(customer.partner_tenant_id)) != uuid.UUID(str(partner_tenant_id)):
        raise ValidationError({"customer": _("This customer is not one of yours.")})
    return _support_request_insert(
        support_request=SupportRequest(
            partner_tenant_id=partner_tenant_id,
            customer=customer,
            title=title,
            description=description,
            severity=severity,
            contact_email=contact_email,
            created_by_upn=created_by_upn,
        )
    )


@transaction.atomic
def support_seed_demo(*, partner_tenant_id: str) -> None:
    """Open the demo requests (``support.demo_data``) for the partner's seeded customers, once
    per partner tenant.

    Seeds only a partner without any request, so a second call (or a partner who already
    opened requests) creates nothing. Expects ``customers_seed_demo`` to have run.
    """
    # Locking the partner's customers makes two simultaneous first sign-ins seed one at a time
    # (on databases with row locks), so the second sees the first one's requests.
    customers = {
        str(customer.customer_tenant_id): customer
        for customer in Customer.objects.select_for_update().filter(
            partner_tenant_id=partner_tenant_id
        )
    }
    if SupportRequest.objects.filter(partner_tenant_id=partner_tenant_id).exists():
        return
    now: datetime = timezone.now()
    for demo in demo_data.DEMO_REQUESTS:
        customer = customers.get(demo.customer_tenant_id)
        if customer is None:
            continue
        _support_request_insert(
            support_request=SupportRequest(
                partner_tenant_id=partner_tenant_id,
                customer=customer,
                title=demo.title,
                description=demo.description,
                severity=demo.severity,
                status=demo.status,
                contact_email=demo.contact_email,
                created_by_upn=demo_data.SEED_CREATED_BY_UPN,
                created_at=now - demo.age,
            )
        )
