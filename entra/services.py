"""Writes of the mock Entra ID: directory objects, sign-in records, grants."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.idp.oidc.adapter import get_adapter as get_oidc_adapter
from allauth.idp.oidc.models import Client, Token
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.idpkit.allauth_internals import TOTP
from config.idpkit.hashers import client_secret_set
from entra.internal.signin_state import SignInState
from entra.models import AppRegistration, GrantLink, Role, SignIn, Tenant, User


def token_hash(value: str) -> str:
    # allauth's own hash of a token, so that a GrantLink names the same row as allauth's Token.
    return get_oidc_adapter().hash_token(value)


def tenant_third_party_mfa_set(*, tenant: Tenant, integration: str) -> Tenant:
    """Switch how the tenant's third-party MFA reaches Entra. Sign-ins already made keep what
    they proved; the next sign-in gets the new integration's ``amr``."""
    tenant.third_party_mfa = Tenant.ThirdPartyMfa(integration)
    tenant.save(update_fields=["third_party_mfa"])
    return tenant


def tenant_federated_idp_mfa_behavior_set(*, tenant: Tenant, behavior: str) -> Tenant:
    """Set what Entra makes of the MFA the federated IdP reports; from the next sign-in on."""
    tenant.federated_idp_mfa_behavior = Tenant.FederatedIdpMfaBehavior(behavior)
    tenant.save(update_fields=["federated_idp_mfa_behavior"])
    return tenant


def tenant_customer_mfa_policy_set(*, tenant: Tenant, policy: str) -> Tenant:
    """Switch what a customer tenant asks of admins acting in it (partner agents included);
    from the next page of its admin center on."""
    tenant.customer_mfa_policy = Tenant.CustomerMfaPolicy(policy)
    tenant.save(update_fields=["customer_mfa_policy"])
    return tenant


def tenant_upsert(*, name: str, domain: str, **fields) -> Tenant:
    tenant, _ = Tenant.objects.update_or_create(domain=domain, defaults={"name": name, **fields})
    return tenant


@transaction.atomic
def user_upsert(
    *,
    upn: str,
    tenant: Tenant,
    password: str | None,
    given_name: str,
    family_name: str,
    roles: Iterable[Role] = (),
) -> User:
    """Create or update a directory user; the password is reset to ``password`` (None: the user
    has no usable password here, as a federated user has none in the cloud)."""
    user = User.objects.filter(email=upn.lower()).first() or User(email=upn.lower())
    user.tenant = tenant
    user.given_name, user.family_name = given_name, family_name
    user.roles = [Role(r).value for r in roles]
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_totp_secret(upn: str) -> str:
    """A TOTP secret that is stable per checkout, so a trainer enrols a phone app only once."""
    digest = hmac.new(settings.SECRET_KEY.encode(), upn.lower().encode(), hashlib.sha1).digest()
    return base64.b32encode(digest).decode()


def totp_register(*, user: User, secret: str) -> Authenticator:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


@transaction.atomic
def client_upsert(
    *,
    client_id: str,
    name: str,
    secret: str | None,
    grant_types: list[str],
    redirect_uris: list[str],
    post_logout_redirect_uris: list[str] = (),
    tenant: Tenant | None = None,
) -> Client:
    # secret="": allauth's default would hash a random one with the slow hasher, to be replaced.
    client = Client.objects.filter(id=client_id).first() or Client(id=client_id, secret="")
    client.name = name
    client.type = Client.Type.CONFIDENTIAL if secret else Client.Type.PUBLIC
    # Not allauth's set_secret: that runs the password hasher, and so would every token request.
    client_secret_set(client=client, secret=secret or None)
    client.set_scopes(["openid", "profile", "email"])
    client.set_default_scopes(["openid"])
    client.set_grant_types(grant_types)
    client.set_response_types(["code"] if "authorization_code" in grant_types else [])
    client.set_redirect_uris(redirect_uris)
    client.set_post_logout_redirect_uris(list(post_logout_redirect_uris))
    # Seeded apps are pre-consented by the tenant admin, as first-party apps are in Entra.
    client.skip_consent = True
    client.save()
    if tenant is not None:
        AppRegistration.objects.update_or_create(client=client, defaults={"tenant": tenant})
    return client


def signin_record_for_grant(
    *,
    user: User,
    state: SignInState,
    kind: GrantLink.Kind,
    value: str,
    resource_tenant: Tenant | None = None,
) -> SignIn:
    """Remember how ``user`` authenticated for the grant (an authorization code just issued, a
    device code just confirmed) that a client will redeem, and under which tenant's authority
    (``resource_tenant``; None: the common one). A device code confirmed a second time (raced)
    hits the unique hash: IntegrityError, and the caller keeps the first."""
    sign_in = SignIn.objects.create(
        user=user, amr=list(state.amr), auth_time=state.auth_time,
        resource_tenant=resource_tenant,
    )
    GrantLink.objects.create(token_hash=token_hash(value), kind=kind, sign_in=sign_in)
    return sign_in


def grant_redeemed(*, link: GrantLink, issued: Mapping[str, Any]) -> None:
    """``link``'s code or refresh token got its one token response; what it issued joins the
    family (the same sign-in), so a refreshed token keeps the original ``amr``."""
    link.redeemed_at = timezone.now()
    link.save(update_fields=["redeemed_at"])
    for kind in (GrantLink.Kind.REFRESH_TOKEN, GrantLink.Kind.ACCESS_TOKEN):
        value = issued.get(kind.value)
        if isinstance(value, str) and value:
            GrantLink.objects.create(token_hash=token_hash(value), kind=kind, sign_in=link.sign_in)


def grant_family_revoke(*, sign_in: SignIn) -> int:
    """A code or refresh token of this family was presented twice: revoke every token issued
    from it (the legitimate client signs in again; a thief holds nothing that works)."""
    issued = (GrantLink.Kind.REFRESH_TOKEN, GrantLink.Kind.ACCESS_TOKEN)
    hashes = sign_in.grants.filter(kind__in=issued).values_list("token_hash", flat=True)
    deleted, _ = Token.objects.filter(hash__in=list(hashes)).delete()
    return deleted
