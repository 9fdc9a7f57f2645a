import pytest

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from security.models import FraudEvent
from security.services import fraud_event_resolve, security_seed_demo

pytestmark = pytest.mark.django_db


def _active(partner_tenant_id: str) -> FraudEvent:
    return FraudEvent.objects.filter(
        partner_tenant_id=partner_tenant_id, status=FraudEvent.Status.ACTIVE
    ).first()


def test_seed_gives_three_active_events_and_one_resolved():
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    events = FraudEvent.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID)
    assert events.filter(status="active").count() == 3
    resolved = events.get(status="resolved")
    assert resolved.resolved_at > resolved.detected_at
    assert resolved.resolved_by_upn
    assert events.filter(event_type__icontains="cryptocurrency mining").exists()


def test_seed_is_idempotent_and_keeps_resolutions():
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    event = _active(CONTOSO_TENANT_ID)
    fraud_event_resolve(
        partner_tenant_id=CONTOSO_TENANT_ID, event_id=event.pk, resolved_by_upn="a@contoso.com"
    )

    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)

    assert FraudEvent.objects.count() == 4
    assert FraudEvent.objects.filter(status="active").count() == 2


def test_seed_is_per_partner_with_distinct_subscriptions():
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    security_seed_demo(partner_tenant_id=FABRIKAM_TENANT_ID)

    assert FraudEvent.objects.filter(partner_tenant_id=FABRIKAM_TENANT_ID).count() == 4
    contoso = set(FraudEvent.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID)
                  .values_list("subscription_id", flat=True))
    fabrikam = set(FraudEvent.objects.filter(partner_tenant_id=FABRIKAM_TENANT_ID)
                   .values_list("subscription_id", flat=True))
    assert not contoso & fabrikam


def test_resolve_records_who_and_when():
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    event = _active(CONTOSO_TENANT_ID)

    resolved, changed = fraud_event_resolve(
        partner_tenant_id=CONTOSO_TENANT_ID, event_id=event.pk,
        resolved_by_upn="security.admin@contoso.com",
    )

    assert changed is True
    event.refresh_from_db()
    assert event.status == FraudEvent.Status.RESOLVED
    assert event.resolved_by_upn == "security.admin@contoso.com"
    assert event.resolved_at is not None
    assert resolved.resolved_at == event.resolved_at


def test_resolving_twice_keeps_the_first_resolution():
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    event = _active(CONTOSO_TENANT_ID)
    fraud_event_resolve(
        partner_tenant_id=CONTOSO_TENANT_ID, event_id=event.pk, resolved_by_upn="first@contoso.com"
    )
    event.refresh_from_db()

    again, changed = fraud_event_resolve(
        partner_tenant_id=CONTOSO_TENANT_ID, event_id=event.pk, resolved_by_upn="second@contoso.com"
    )

    assert changed is False
    assert again.resolved_by_upn == "first@contoso.com"
    assert again.resolved_at == event.resolved_at


def test_resolving_another_partners_event_fails_and_changes_nothing():
    security_seed_demo(partner_tenant_id=FABRIKAM_TENANT_ID)
    event = _active(FABRIKAM_TENANT_ID)

    with pytest.raises(FraudEvent.DoesNotExist):
        fraud_event_resolve(
            partner_tenant_id=CONTOSO_TENANT_ID, event_id=event.pk, resolved_by_upn="x@contoso.com"
        )

    event.refresh_from_db()
    assert event.status == FraudEvent.Status.ACTIVE
