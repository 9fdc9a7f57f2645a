"""Federation at the mock Entra ID (journey 2), the parts that need no federated IdP running:
what a federated sign-in proves under each federatedIdpMfaBehavior, whom an IdP may vouch for,
home-realm discovery when the IdP is down, and the QA/trainer switches. The round trip through
Wingtip AD FS itself is in test_federation_protocol.py and e2e/."""

from __future__ import annotations

import copy
import json

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from config.idpkit.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY
from entra import federation
from entra.adapters.socialaccount import FederationAdapter
from entra.internal.signin_state import signin_state
from entra.models import Tenant, User

PRASHOB = "prashob@wingtip.com"
ACCEPT, ENFORCE, REJECT = (b.value for b in Tenant.FederatedIdpMfaBehavior)


def _request(user: User | None = None):
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    if user is not None:
        request.user = user
        request.session["account_authentication_methods_user"] = str(user.pk)
    return request


def _federated_sign_in(behavior: str, *, idp_amr: list[str], require_mfa: bool = False):
    user = User.objects.get(email=PRASHOB)
    Tenant.objects.filter(pk=user.tenant_id).update(federated_idp_mfa_behavior=behavior)
    user.refresh_from_db()
    request = _request(user)
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "socialaccount", "at": 1000.0, "provider": "wingtip-adfs", "uid": "x"}
    ]
    federation.record_sign_in(
        request, user, id_token={"amr": idp_amr}, state_data={"require_mfa": require_mfa}
    )
    return signin_state(request, user)


@pytest.mark.parametrize(
    ("behavior", "idp_amr", "amr"),
    [
        (ACCEPT, ["pwd", "mfa", federation.MULTIPLE_AUTHN], ("fed", "mfa")),
        (ACCEPT, [federation.MULTIPLE_AUTHN], ("fed", "mfa")),
        (ACCEPT, ["pwd"], ("fed",)),
        (ENFORCE, ["pwd", "mfa"], ("fed", "mfa")),
        (ENFORCE, ["pwd"], ("fed",)),
        (REJECT, ["pwd", "mfa", federation.MULTIPLE_AUTHN], ("fed",)),
        (REJECT, ["pwd"], ("fed",)),
    ],
)
def test_what_a_federated_sign_in_proves(directory, behavior, idp_amr, amr):
    state = _federated_sign_in(behavior, idp_amr=idp_amr)
    assert state.amr == amr
    assert state.federated_mfa_asked is False


def test_a_sign_in_that_asked_the_idp_for_mfa_is_remembered(directory):
    state = _federated_sign_in(ENFORCE, idp_amr=["pwd"], require_mfa=True)
    assert state.federated_mfa_asked is True  # asking again would loop


def _sociallogin(upn: str, provider: str = "wingtip-adfs") -> SocialLogin:
    account = SocialAccount(provider=provider, uid=upn, extra_data={"id_token": {"upn": upn}})
    return SocialLogin(account=account)


@pytest.mark.security
@pytest.mark.parametrize(
    ("upn", "provider"),
    [
        ("alejandra@contoso.com", "wingtip-adfs"),  # a managed tenant's user
        ("nobody@wingtip.com", "wingtip-adfs"),  # not in the directory
        (PRASHOB, "another-idp"),  # an IdP wingtip.com is not federated to
    ],
)
def test_an_idp_vouches_only_for_users_of_its_own_federated_domain(directory, upn, provider):
    with pytest.raises(ImmediateHttpResponse) as raised:
        FederationAdapter().pre_social_login(_request(), _sociallogin(upn, provider))
    assert raised.value.response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_idp_user_is_bound_to_the_directory_user(directory):
    sociallogin = _sociallogin(PRASHOB)
    FederationAdapter().pre_social_login(_request(), sociallogin)
    assert SocialAccount.objects.get().user.email == PRASHOB


def test_home_realm_discovery_sends_federated_upns_to_their_idp(client, directory, settings):
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    # Nothing listens there: Wingtip AD FS is down.
    providers["openid_connect"]["APPS"][0]["settings"]["server_url"] = "http://localhost:9"
    settings.SOCIALACCOUNT_PROVIDERS = providers
    response = client.post("/accounts/login/", {"login": "Prashob@Wingtip.com", "password": ""})
    assert response.status_code == 503
    assert b'data-testid="federation-error"' in response.content
    # A managed domain is checked here, as before.
    response = client.post("/accounts/login/", {"login": "john@fabrikam.com", "password": "x"})
    assert response.status_code == 200
    assert b'data-testid="signin-error"' in response.content


def test_wingtip_is_federated_to_wingtip_adfs_by_default(directory):
    tenant = Tenant.objects.get(domain="wingtip.com")
    assert tenant.is_federated
    assert tenant.federation_provider == settings.ADFS_FEDERATION_PROVIDER_ID
    assert tenant.federated_idp_mfa_behavior == ACCEPT
    assert federation.tenant_for_upn("PRASHOB@wingtip.com") == tenant
    assert federation.tenant_for_upn("john@fabrikam.com") is None


@pytest.mark.parametrize(
    ("domain", "body", "status", "error"),
    [
        ("wingtip.com", {"federatedIdpMfaBehavior": "sometimes"}, 400, "invalid_request"),
        ("wingtip.com", {}, 400, "invalid_request"),
        ("nowhere.example", {"federatedIdpMfaBehavior": ACCEPT}, 404, "unknown_domain"),
        ("contoso.com", {"federatedIdpMfaBehavior": ACCEPT}, 409, "not_federated"),
    ],
)
def test_the_qa_federation_switch_refuses_bad_input(client, directory, domain, body, status, error):
    response = client.post(
        f"/qa/domains/{domain}/federation", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["error"] == error
    if status == 400:
        description = response.json()["error_description"]
        assert all(b in description for b in (ACCEPT, ENFORCE, REJECT))
    assert Tenant.objects.get(domain="wingtip.com").federated_idp_mfa_behavior == ACCEPT


@pytest.mark.parametrize("behavior", [ENFORCE, REJECT, ACCEPT])
def test_the_qa_and_trainer_switches_set_the_behavior(client, directory, behavior):
    response = client.post(
        "/qa/domains/wingtip.com/federation",
        data=json.dumps({"federatedIdpMfaBehavior": behavior}), content_type="application/json",
    )
    assert response.json() == {"domain": "wingtip.com", "federatedIdpMfaBehavior": behavior}
    assert Tenant.objects.get(domain="wingtip.com").federated_idp_mfa_behavior == behavior
    client.post("/trainer/tenants/wingtip.com/federation", {"federatedIdpMfaBehavior": REJECT})
    assert Tenant.objects.get(domain="wingtip.com").federated_idp_mfa_behavior == REJECT


def test_an_unknown_home_realm_is_an_ordinary_failed_sign_in(client, directory):
    response = client.post(
        "/accounts/login/", {"login": "someone@unknown.example", "password": "x"}
    )
    assert response.status_code == 200  # the sign-in page again, no redirect anywhere
    assert b'data-testid="signin-error"' in response.content



@pytest.mark.security
def test_under_enforce_an_entra_method_does_not_stand_in_for_the_idps_mfa(directory):
    user = User.objects.get(email=PRASHOB)
    Tenant.objects.filter(pk=user.tenant_id).update(federated_idp_mfa_behavior=ENFORCE)
    user.refresh_from_db()
    request = _request(user)
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "socialaccount", "at": 1000.0, "provider": "wingtip-adfs", "uid": "x"},
        {"method": "federated_idp", "at": 1000.0, "idp_did_mfa": False, "mfa_counts": False},
        {"method": "mfa", "type": "totp", "at": 1010.0},
    ]
    assert signin_state(request, user).amr == ("fed",)
    Tenant.objects.filter(pk=user.tenant_id).update(federated_idp_mfa_behavior=REJECT)
    user.refresh_from_db()
    assert signin_state(request, user).amr == ("fed", "mfa", "otp")  # Entra's own counts here


@pytest.mark.security
def test_a_federated_user_has_no_password_here(directory):
    assert not User.objects.get(email=PRASHOB).has_usable_password()


@pytest.mark.security
def test_a_fresh_sign_in_for_a_federated_user_goes_back_to_the_idp(client, directory):
    from entra.demo_data import NATIVE_REDIRECT_URI, POWERSHELL_CLIENT_ID

    user = User.objects.get(email=PRASHOB)
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "socialaccount", "at": 1000.0, "provider": "wingtip-adfs", "uid": "x"}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    response = client.get("/identity/o/authorize", {
        "client_id": POWERSHELL_CLIENT_ID, "redirect_uri": NATIVE_REDIRECT_URI,
        "response_type": "code", "scope": "openid", "prompt": "login",
        "code_challenge": "x" * 43, "code_challenge_method": "S256",
    })
    assert response.status_code == 302
    assert response["Location"].startswith("/signin/federated/?next=")


@pytest.mark.security
def test_qa_bodies_nested_too_deep_are_a_400(client, directory):
    body = "[" * 100_000 + "]" * 100_000
    urls = ("/qa/domains/wingtip.com/federation", "/qa/tenants/wingtiptoys.com/third-party-mfa")
    for url in urls:
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 400


@pytest.mark.security
@pytest.mark.parametrize("path", ["/mfa/federated/", "/signin/federated/"])
def test_the_trips_back_to_a_federated_idp_are_for_federated_users_only(client, directory, path):
    assert client.get(path).status_code == 302  # signed out: sign in first
    client.post("/accounts/login/", {"login": "john@fabrikam.com", "password": "Passw0rd!Demo"})
    assert client.get(path).status_code == 404  # a managed user has no IdP to go back to
