"""Writes of the support area."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from customers.models import Customer
from customers.services import ADATUM_TENANT_ID
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


@dataclass(frozen=True)
class _DemoRequest:
    customer_tenant_id: str
    title: str
    description: str
    severity: str
    status: str
    contact_email: str
    age: timedelta


SEV = SupportRequest.Severity
ST = SupportRequest.Status
SEED_CREATED_BY_UPN = N_("(demo data)")

# Stored in English, shown translated (portal.seedtext; SupportRequest.title_display).
DEMO_REQUESTS: tuple[_DemoRequest, ...] = (
    _DemoRequest(
        "3b8d6f2c-9e5a-4f3a-87b4-2f1d0e9c8b33",  # Relecloud
        N_("Azure plan: cannot create resources in Korea Central"),
        N_("Deployments to Korea Central fail with a quota error since yesterday although the "
           "subscription shows unused quota. Other regions work."),
        SEV.B, ST.CLOSED, "cloudops@relecloud.com", timedelta(days=18, hours=5),
    ),
    _DemoRequest(
        "1f4e2a9c-7b3d-4c18-a5e6-0d9b8c7a6f11",  # Northwind Traders
        N_("Licenses not assigned after increasing the seat count"),
        N_("We raised Microsoft 365 Business Premium from 40 to 48 seats, but the eight new "
           "licenses do not appear in the Microsoft 365 admin center."),
        SEV.C, ST.OPEN, "it@northwindtraders.com", timedelta(days=4, hours=2),
    ),
    _DemoRequest(
        ADATUM_TENANT_ID,
        N_("Users are asked for MFA at every Outlook start"),
        N_("Since this morning every user at Adatum is prompted for multifactor authentication "
           "each time Outlook starts, several times a day. Sales cannot work."),
        SEV.A, ST.OPEN, "admin@adatum.com", timedelta(hours=3),
    ),
)
SEEDED_TEXTS = frozenset(
    {SEED_CREATED_BY_UPN}
    | {text for demo in DEMO_REQUESTS for text in (demo.title, demo.description)}
)


@transaction.atomic
def support_seed_demo(*, partner_tenant_id: str) -> None:
    """Open the demo requests for the partner's seeded customers, once per partner tenant.

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
    for demo in DEMO_REQUESTS:
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
                created_by_upn=SEED_CREATED_BY_UPN,
                created_at=now - demo.age,
            )
        )
