import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from conftest import FABRIKAM_TENANT_ID
from security.models import FraudEvent

pytestmark = pytest.mark.django_db

UPN = "security.admin@contoso.com"


@pytest.fixture
def contoso(sign_in):
    return sign_in(roles=("SecurityAdmin",), upn=UPN)


def _active(identity) -> FraudEvent:
    return FraudEvent.objects.filter(
        partner_tenant_id=identity.tenant_id, status=FraudEvent.Status.ACTIVE
    ).first()


def _resolve_url(event: FraudEvent) -> str:
    return reverse("security:fraud_event_resolve", args=[event.pk])


def test_home_shows_active_counts_requirements_and_the_access_link(client, contoso):
    response = client.get(reverse("security:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="security-requirements"' in html
    assert "/dashboard/access" in html
    assert "3 active fraud events" in html
    for severity in ("high", "medium", "low"):
        assert f'data-testid="fraud-active-{severity}">1<' in html


def test_security_pages_belong_to_the_security_area(client, sign_in):
    # A billing admin may not open the security workspace: the URLs sit in the policed namespace.
    sign_in(roles=("BillingAdmin",), upn="billing.admin@contoso.com")

    assert client.get(reverse("security:home")).status_code == 403
    assert client.get(reverse("security:fraud_events")).status_code == 403


def test_fraud_event_list_offers_resolve_only_on_active_events(client, contoso):
    response = client.get(reverse("security:fraud_events"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="fraud-event-row"') == 4
    assert html.count('data-testid="fraud-resolve"') == 3
    assert html.count("csrfmiddlewaretoken") >= 3
    assert _resolve_url(_active(contoso)) in html


def test_post_resolves_records_who_and_says_so(client, contoso):
    event = _active(contoso)

    response = client.post(_resolve_url(event))

    assert response.status_code == 302
    assert response["Location"] == reverse("security:fraud_events")
    event.refresh_from_db()
    assert event.status == FraudEvent.Status.RESOLVED
    assert event.resolved_by_upn == UPN
    assert event.resolved_at is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Fraud event for {event.customer_name} resolved."
    ]
    page = client.get(reverse("security:fraud_events")).content.decode()
    assert page.count('data-testid="fraud-resolve"') == 2


def test_get_on_resolve_is_not_allowed_and_changes_nothing(client, contoso):
    event = _active(contoso)

    assert client.get(_resolve_url(event)).status_code == 405
    event.refresh_from_db()
    assert event.status == FraudEvent.Status.ACTIVE


def test_resolving_another_partners_event_is_not_found(client, sign_in):
    fabrikam = sign_in(tenant_id=FABRIKAM_TENANT_ID, upn="admin.agent@fabrikam.com")
    event = _active(fabrikam)
    sign_in(roles=("SecurityAdmin",), upn=UPN)

    assert client.post(_resolve_url(event)).status_code == 404
    assert client.post(reverse("security:fraud_event_resolve", args=[999999])).status_code == 404
    event.refresh_from_db()
    assert event.status == FraudEvent.Status.ACTIVE


def test_resolving_a_resolved_event_changes_nothing_and_says_so(client, contoso):
    event = FraudEvent.objects.get(
        partner_tenant_id=contoso.tenant_id, status=FraudEvent.Status.RESOLVED
    )
    before = (event.resolved_at, event.resolved_by_upn)

    response = client.post(_resolve_url(event))

    assert response.status_code == 302
    assert response["Location"] == reverse("security:fraud_events")
    event.refresh_from_db()
    assert (event.resolved_at, event.resolved_by_upn) == before
    assert before[1] != UPN
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [f"This fraud event was already resolved by {before[1]}."]
