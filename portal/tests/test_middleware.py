"""The access policy as a browser meets it: redirects, step-up and 403 pages."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from accounts import stepup
from accounts.stepup import StepUpOutcome

MFA_AREAS = {  # path: title
    "/commerce/customers/": "Customers",
    "/dashboard/v2/support/customers/": "Support requests",
    "/billing/": "Billing",
    "/security/": "Security workspace",
}


def _query(response) -> dict[str, list[str]]:
    return parse_qs(urlsplit(response["Location"]).query)


def _record(client, path: str, outcome: StepUpOutcome) -> None:
    """As the callback does when the provider answered the step-up asked for ``path``."""
    session = client.session
    stepup.record_outcome(SimpleNamespace(session=session), next_url=path, outcome=outcome)
    session.save()


def _returned_without_mfa(*amr: str) -> StepUpOutcome:
    return StepUpOutcome(kind=stepup.Outcome.WITHOUT_MFA, amr=amr)


@pytest.mark.django_db
def test_signed_out_visit_goes_to_sign_in_and_remembers_the_page(client):
    response = client.get("/commerce/customers/?q=adatum")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/oidc/authenticate/"
    assert _query(response) == {"next": ["/commerce/customers/?q=adatum"]}


@pytest.mark.django_db
def test_signed_out_form_post_gets_a_401_page_not_a_redirect(client):
    response = client.post("/dashboard/v2/support/customers/new", {"title": "Help"})
    assert response.status_code == 401
    assert b'data-testid="signin-required"' in response.content


def test_password_only_session_is_stepped_up_before_the_role_check(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=False)  # Sales may not open billing at all
    response = client.get("/billing/")
    assert response.status_code == 302
    assert _query(response) == {"next": ["/billing/"], "stepup": ["mfa"]}


def test_wrong_role_after_mfa_gets_403_naming_the_allowed_roles(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=True)
    response = client.get("/billing/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="access-denied"' in body
    assert "Admin agent, Security administrator, Billing administrator" in body


def test_open_areas_need_no_mfa_and_no_role(client, sign_in):
    sign_in(roles=(), mfa=False)
    assert client.get("/dashboard/home").status_code == 200
    assert client.get("/dashboard/servicehealth").status_code == 200
    assert client.get("/dashboard/access").status_code == 200


def test_cancelled_step_up_is_explained_once_then_retried(client, sign_in):
    sign_in(mfa=False)
    _record(client, "/security/", StepUpOutcome.from_provider_error("access_denied", "Nope"))
    response = client.get("/security/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="stepup-retry"' in body
    assert "access_denied" in body
    # Reloading the page is a retry: straight back to the IdP.
    assert client.get("/security/").status_code == 302


def test_token_still_without_mfa_after_step_up_does_not_loop(client, sign_in):
    sign_in(mfa=False)
    _record(client, "/commerce/customers/", _returned_without_mfa("pwd"))
    for _ in range(2):
        response = client.get("/commerce/customers/")
        assert response.status_code == 403
        assert b"amr claim has no mfa" in response.content


@pytest.mark.security
@pytest.mark.parametrize("path", list(MFA_AREAS))
def test_step_up_returned_without_mfa_blocks_the_area_and_explains(client, sign_in, path):
    # A Conditional Access custom control: the user passed the third-party MFA, the token's amr
    # never says so.
    sign_in(mfa=False)
    _record(client, path, _returned_without_mfa("pwd", "wia"))
    response = client.get(path)
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="mfa-blocked"' in body
    assert f'<h1 data-testid="area-title">{MFA_AREAS[path]}</h1>' in body
    assert '<code data-testid="mfa-blocked-amr">pwd, wia</code>' in body
    # The cause: no mfa in amr, so MFA that Microsoft Entra ID does not recognise.
    assert "its amr claim has no mfa" in body
    assert "not one that Microsoft Entra ID recognises" in body
    assert "third-party MFA that is not compatible with Microsoft Entra ID" in body
    # The fix, as "Mandating MFA for your partner tenant" gives it, and the API too.
    assert 'data-testid="mfa-blocked-fix"' in body
    assert "must use Microsoft Entra MFA, or an authentication provider compatible" in body
    assert "sets the amr claim" in body
    assert "replace the Conditional Access custom control with an external authentication" in body
    assert "The same applies to the Partner Center API" in body
    # One more step-up on request only, back to this page.
    assert (
        f'href="{stepup.stepup_url(path)}" data-testid="mfa-blocked-retry"'.replace("&", "&amp;")
        in body
    )


@pytest.mark.security
@pytest.mark.parametrize("method", ["get", "head", "post"])
def test_blocked_area_never_sends_the_browser_back_to_the_provider(client, sign_in, method):
    sign_in(mfa=False)
    _record(client, "/billing/", _returned_without_mfa("pwd"))
    for _ in range(3):  # reloads
        response = getattr(client, method)("/billing/")
        assert response.status_code == 403
        assert "Location" not in response
    assert b'data-testid="mfa-blocked"' in client.get("/billing/invoices/INV-1/").content


@pytest.mark.security
def test_blocked_page_is_not_the_cancelled_page(client, sign_in):
    sign_in(mfa=False)
    _record(client, "/security/", _returned_without_mfa("pwd"))
    _record(client, "/billing/", StepUpOutcome.from_provider_error("access_denied"))
    blocked = client.get("/security/").content.decode()
    cancelled = client.get("/billing/").content.decode()
    assert 'data-testid="mfa-blocked"' in blocked
    for testid in ("stepup-required", "stepup-retry", "idp-error"):
        assert f'data-testid="{testid}"' not in blocked
        assert f'data-testid="{testid}"' in cancelled
    assert 'data-testid="mfa-blocked' not in cancelled


def test_an_outcome_applies_to_the_area_it_was_asked_for_only(client, sign_in):
    sign_in(mfa=False)
    _record(client, "/commerce/customers/", _returned_without_mfa("pwd"))
    _record(client, "/security/", StepUpOutcome.from_provider_error("access_denied"))
    # Another page of the same area: the same outcome.
    assert b'data-testid="mfa-blocked"' in client.get("/commerce/customers/?q=adatum").content
    # Areas whose step-up ended otherwise, or never started, ask the provider themselves.
    assert b'data-testid="idp-error"' in client.get("/security/").content
    for path in ("/billing/", "/dashboard/v2/support/customers/", "/security/"):
        response = client.get(path)
        assert response.status_code == 302
        assert _query(response) == {"next": [path], "stepup": ["mfa"]}


@pytest.mark.security
def test_blocked_areas_open_once_a_token_with_mfa_arrives(client, sign_in):
    sign_in(mfa=False)
    for path in MFA_AREAS:
        _record(client, path, _returned_without_mfa("pwd"))
    identity = sign_in(mfa=True)  # the session's token now says mfa
    _record(client, "/commerce/customers/", StepUpOutcome.from_token(identity))
    for path in MFA_AREAS:
        response = client.get(path)
        assert response.status_code == 200
        assert b'data-testid="mfa-blocked"' not in response.content


def test_blocked_page_in_korean(client, sign_in):
    sign_in(mfa=False)
    _record(client, "/dashboard/v2/support/customers/", _returned_without_mfa("pwd"))
    response = client.get("/dashboard/v2/support/customers/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 403
    body = response.content.decode()
    assert '<h1 data-testid="area-title">지원 요청</h1>' in body
    assert "Microsoft Entra ID가 인식하는 MFA가 아닙니다" in body
    assert "토큰의 amr 클레임에 mfa가 없습니다" in body
    assert "조건부 액세스 사용자 지정 컨트롤을 외부 인증 방법으로 바꾸세요" in body
    assert '<code data-testid="mfa-blocked-amr">pwd</code>' in body
    assert "custom control" not in body


def test_the_access_page_shows_the_matrix_and_its_provenance(client, sign_in):
    sign_in(roles=(), mfa=False)
    body = client.get("/dashboard/access").content.decode()
    # The source's four MFA rows (an area added for a prototype has its own row after them).
    source_rows = "".join(
        body[start : body.index("</tr>", start)]
        for start in (
            body.index(f'data-testid="matrix-{namespace}"')
            for namespace in ("customers", "support", "billing", "security")
        )
    )
    assert source_rows.count('data-role="AdminAgent"') == 4
    assert source_rows.count('data-role="SecurityAdmin"') == 2
    assert "(3, 2, 3, 2)" in body
    assert "Global administrator" in body


def test_navigation_lists_every_area_even_the_closed_ones(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=False)
    body = client.get("/dashboard/home").content.decode()
    for namespace in ("overview", "servicehealth", "customers", "support", "billing", "security"):
        assert f'data-testid="nav-{namespace}"' in body


def test_form_posted_after_the_session_expired_saves_nothing(client, sign_in):
    from django.contrib.sessions.models import Session

    from conftest import CONTOSO_TENANT_ID
    from support.models import SupportRequest

    sign_in()
    before = SupportRequest.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID).count()
    Session.objects.all().delete()  # what expiry does to the server side of a session
    response = client.post(
        "/dashboard/v2/support/customers/new",
        {"customer": "bd5b8eaf-4a2c-4f95-b17a-6c9d2ebf5a05", "title": "Mailbox migration",
         "description": "Mailboxes stopped syncing after the migration last night.",
         "severity": "B", "contact_email": "admin.agent@contoso.com"},
    )
    assert response.status_code == 401
    assert SupportRequest.objects.filter(partner_tenant_id=CONTOSO_TENANT_ID).count() == before
    assert client.get("/dashboard/v2/support/customers/").status_code == 302  # sign in again


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.security
@pytest.mark.parametrize("path", ["/commerce/customers/", "/billing/", "/dashboard/home"])
def test_protected_pages_are_never_stored(client, sign_in, path):
    sign_in(roles=("AdminAgent",), mfa=True)
    response = client.get(path)
    assert response.status_code == 200
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.security
def test_every_answer_for_a_protected_page_is_never_stored(client, sign_in):
    # Redirects and refusals too: a cached one would be replayed after the session changed.
    assert _no_store(client.get("/dashboard/home"))  # signed out: to sign-in
    sign_in(roles=("SalesAgent",), mfa=False)
    assert _no_store(client.get("/billing/"))  # step-up
    sign_in(roles=("SalesAgent",), mfa=True)
    forbidden = client.get("/billing/")
    assert forbidden.status_code == 403
    assert _no_store(forbidden)
    assert _no_store(client.get("/no/such/page"))  # outside every area: not public either


@pytest.mark.django_db
def test_the_public_welcome_page_is_not_forced_out_of_caches(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not _no_store(response)


# --- Every answer to a signed-in user for a non-public page is an AccessDecision.


def _decisions() -> list[tuple[str, str, bool, str, int]]:
    from compliance.models import AccessDecision

    return list(
        AccessDecision.objects.order_by("id").values_list(
            "principal", "operation", "mfa", "result", "status_code"
        )
    )


def test_a_signed_in_page_request_is_recorded_with_its_mfa(client, sign_in, settings):
    from compliance.models import AccessDecision
    from conftest import CONTOSO_TENANT_ID

    sign_in(roles=(), mfa=False, upn="john@contoso.com")
    client.get("/dashboard/home")
    sign_in(mfa=True)
    client.get("/billing/")

    assert _decisions() == [
        ("john@contoso.com", "overview", False, "allowed", 200),
        ("admin.agent@contoso.com", "billing", True, "allowed", 200),
    ]
    recorded = AccessDecision.objects.get(operation="billing")
    assert str(recorded.partner_tenant_id) == CONTOSO_TENANT_ID
    assert (recorded.channel, recorded.token_kind) == ("portal", "browser")
    assert recorded.app_id == settings.OIDC_RP_CLIENT_ID
    assert recorded.object_id


@pytest.mark.django_db
def test_public_pages_and_anonymous_requests_are_not_recorded(client, sign_in):
    client.get("/")  # anonymous, public
    client.get("/billing/")  # anonymous: redirected to sign-in, nobody to record
    sign_in(mfa=True)
    client.get("/")
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    client.get("/v1/customers")  # the API records its own decisions (here none: no token)
    client.get("/no/such/page")  # outside every area: no area to count it in

    assert _decisions() == []


def test_a_step_up_is_recorded_as_mfa_required(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=False)
    assert client.get("/billing/").status_code == 302
    _record(client, "/security/", _returned_without_mfa("pwd"))
    assert client.get("/security/").status_code == 403  # mfa-blocked

    assert _decisions() == [
        ("admin.agent@contoso.com", "billing", False, "mfa_required", 302),
        ("admin.agent@contoso.com", "security", False, "mfa_required", 403),
    ]


def test_a_role_refusal_is_recorded_as_forbidden(client, sign_in):
    sign_in(roles=("SalesAgent",), mfa=True, upn="sales.agent@contoso.com")
    assert client.get("/security/").status_code == 403

    assert _decisions() == [("sales.agent@contoso.com", "security", True, "forbidden", 403)]


def test_a_page_that_refuses_what_the_policy_allowed_is_recorded_as_refused(client, sign_in):
    sign_in(mfa=True)
    assert client.get("/billing/invoices/G000000000/").status_code == 404

    assert _decisions() == [("admin.agent@contoso.com", "billing", True, "refused", 404)]
