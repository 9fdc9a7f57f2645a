"""Recording the trace: per browser session, in order, capped, always redacted."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from journeytrace import selectors, services
from journeytrace.models import TraceStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def _record(request, n: int, **details) -> None:
    services.trace_step_record(
        request=request, kind="test", rule=lambda: f"step {n}", details=details
    )


def test_steps_are_kept_in_order_for_their_session_only(request_):
    for n in range(3):
        _record(request_, n)
    other = RequestFactory().get("/")
    _record(other, 99)
    texts = [step.text["en"] for step in selectors.trace_steps(request=request_)]
    assert texts == ["step 0", "step 1", "step 2"]
    assert [s.text["en"] for s in selectors.trace_steps(request=other)] == ["step 99"]


def test_every_step_has_its_text_in_every_language(request_):
    from django.utils.translation import gettext as _

    services.trace_step_record(request=request_, kind="test", rule=lambda: _("Journey trace"))
    [step] = selectors.trace_steps(request=request_)
    assert step.text == {"en": "Journey trace", "ko": "여정 추적"}


def test_only_the_newest_steps_are_kept(request_, monkeypatch):
    monkeypatch.setattr(services, "MAX_STEPS", 5)
    for n in range(8):
        _record(request_, n)
    texts = [step.text["en"] for step in selectors.trace_steps(request=request_)]
    assert texts == [f"step {n}" for n in range(3, 8)]


def test_secrets_never_reach_the_database(request_):
    # Fails if trace_step_record stored details without redaction.
    _record(request_, 1, password="Passw0rd!Demo", nested={"code": "123456", "state": "s-1"})
    stored = json.dumps(list(TraceStep.objects.values("text", "details")))
    assert "Passw0rd!Demo" not in stored
    assert "123456" not in stored
    assert "s-1" not in stored


def test_clear_forgets_the_session_trace(request_):
    _record(request_, 1)
    assert services.trace_clear(request=request_) == 1
    assert selectors.trace_steps(request=request_) == []
    _record(request_, 2)  # a new trace starts
    assert [s.text["en"] for s in selectors.trace_steps(request=request_)] == ["step 2"]


def test_the_panel_shows_the_latest_journey(request_):
    _record(request_, 1)
    services.trace_step_record(request=request_, kind=services.KIND_REDIRECT, rule=lambda: "go")
    _record(request_, 2)
    texts = [s.text["en"] for s in selectors.trace_latest_journey(request=request_)]
    assert texts == ["go", "step 2"]


def test_the_policy_decision_cites_the_rule_with_role_labels(client, sign_in):
    sign_in(mfa=False)
    assert client.get("/billing/").status_code == 302  # step-up
    sign_in(mfa=True, roles=("SalesAgent",))
    assert client.get("/billing/").status_code == 403
    page = client.get("/trace/")
    texts = [step["text"] for step in page.context["steps"]]
    assert texts == [
        "Billing needs MFA and one of Admin agent, Security administrator, Billing "
        "administrator; amr = [pwd] has no mfa: step-up",
        "Billing needs MFA and one of Admin agent, Security administrator, Billing "
        "administrator; roles = Sales agent: refused (403)",
    ]


def test_the_policy_decision_in_korean(client, sign_in):
    sign_in(mfa=True)
    client.get("/dashboard/home")
    page = client.get("/trace/", headers={"Accept-Language": "ko"})
    [step] = page.context["steps"]
    assert step["text"] == "개요에는 로그인만 필요함: 열림"


def test_role_labels_are_in_the_line_language(client, sign_in):
    sign_in(mfa=False)
    client.get("/billing/")
    [step] = client.get("/trace/", headers={"Accept-Language": "ko"}).context["steps"]
    assert "Admin agent" not in step["text"]
    assert "관리 에이전트" in step["text"]


def test_the_trace_id_travels_in_its_own_cookie_and_the_session_is_not_written(client, sign_in):
    sign_in(mfa=False)
    session_key = client.session.session_key
    response = client.get("/billing/")
    assert response.cookies[services.COOKIE_NAME]["httponly"]
    assert "pc_session" not in response.cookies  # a recorded step writes no session
    assert client.session.session_key == session_key
    client.get("/billing/")  # the same trace: the cookie came back
    assert TraceStep.objects.values("journey").distinct().count() == 1


def test_sign_out_ends_the_trace(client, sign_in):
    sign_in(mfa=False)
    client.get("/billing/")
    client.post("/oidc/logout/")
    assert not TraceStep.objects.exists()


def test_public_pages_record_nothing(client):
    client.get("/")
    client.get("/launcher/")
    assert not TraceStep.objects.exists()



def test_pages_of_one_area_with_the_same_decision_make_one_line(client, sign_in):
    # Browsing inside an area adds nothing to "why was I asked?"; another area, or another
    # decision for the same one, is a line of its own.
    sign_in(roles=("SalesAgent",))
    for path in ("/commerce/customers/", "/commerce/customers/", "/billing/",
                 "/commerce/customers/"):
        client.get(path)
    kinds_and_areas = [
        (step.kind, step.details["area"], step.details["decision"])
        for step in TraceStep.objects.order_by("id")
    ]
    assert kinds_and_areas == [
        ("portal_policy", "customers", "allow"),
        ("portal_policy", "billing", "forbidden"),
        ("portal_policy", "customers", "allow"),
    ]
