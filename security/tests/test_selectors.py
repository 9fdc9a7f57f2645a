import pytest

from conftest import CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID
from security.models import FraudEvent
from security.selectors import fraud_event_active_counts, fraud_event_list
from security.services import fraud_event_resolve, security_seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    security_seed_demo(partner_tenant_id=CONTOSO_TENANT_ID)
    security_seed_demo(partner_tenant_id=FABRIKAM_TENANT_ID)


def test_fraud_event_list_holds_only_the_partners_events_active_first(seeded):
    events = list(fraud_event_list(partner_tenant_id=CONTOSO_TENANT_ID))

    assert len(events) == 4
    assert {str(e.partner_tenant_id) for e in events} == {CONTOSO_TENANT_ID}
    assert [e.status for e in events] == ["active", "active", "active", "resolved"]


def test_active_counts_by_severity(seeded):
    assert fraud_event_active_counts(partner_tenant_id=CONTOSO_TENANT_ID) == {
        "high": 1, "medium": 1, "low": 1,
    }


def test_active_counts_follow_resolutions_of_this_partner_only(seeded):
    high = FraudEvent.objects.get(
        partner_tenant_id=CONTOSO_TENANT_ID, status="active", severity="high"
    )
    fraud_event_resolve(
        partner_tenant_id=CONTOSO_TENANT_ID, event_id=high.pk, resolved_by_upn="a@contoso.com"
    )

    assert fraud_event_active_counts(partner_tenant_id=CONTOSO_TENANT_ID)["high"] == 0
    assert fraud_event_active_counts(partner_tenant_id=FABRIKAM_TENANT_ID)["high"] == 1
