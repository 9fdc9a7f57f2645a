"""Seed and reset the demo directory (idempotent: running it again changes nothing)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client, Token
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction

from config.idpkit.allauth_internals import RecoveryCodes
from config.idpkit.failure_limits import failures_forget
from entra import demo_data, services, third_party_mfa
from entra.gdap import services as gdap_services
from entra.methods import services as method_services
from entra.models import (
    AppRegistration,
    GdapRelationship,
    GrantLink,
    PushChallenge,
    PushRegistration,
    SignIn,
    Tenant,
    User,
)
from entra.push import services as push_services


def _seed_tenant(t: demo_data.DemoTenant) -> Tenant:
    return services.tenant_upsert(
        id=t.id, name=t.name, domain=t.domain, kind=t.kind, mfa_policy=t.mfa_policy,
        sign_in_kind=t.sign_in_kind, third_party_mfa=t.third_party_mfa,
        federation_provider=t.federation_provider,
        federated_idp_mfa_behavior=Tenant.FederatedIdpMfaBehavior.ACCEPT,
        region_scope=t.region_scope, customer_mfa_policy=t.customer_mfa_policy,
        authentication_methods=[str(m) for m in t.authentication_methods],
    )


def _seed_user(u: demo_data.DemoUser, *, tenant: Tenant, password: str) -> User:
    user = services.user_upsert(
        # A federated user has no password in the cloud: it is checked at the federated IdP.
        upn=u.upn, tenant=tenant, password=None if tenant.is_federated else password,
        given_name=u.given_name, family_name=u.family_name, roles=u.roles,
    )
    gdap_services.user_directory_facts_set(
        user=user, directory_roles=u.directory_roles,
        home_tenant=Tenant.objects.get(domain=u.guest_of) if u.guest_of else None, mail=u.mail,
    )
    if u.totp_registered:
        # Microsoft Authenticator: its codes and its push approvals (entra.push).
        services.totp_register(user=user, secret=services.demo_totp_secret(u.upn))
        push_services.push_registration_create(user=user)
        if not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.RECOVERY_CODES
        ).exists():
            RecoveryCodes.activate(user)
    return user


def _clients() -> list[demo_data.DemoClient]:
    portal = settings.PORTAL_BASE_URL
    return [
        demo_data.DemoClient(
            id=settings.PORTAL_OIDC_CLIENT_ID,
            name=demo_data.PORTAL_CLIENT_NAME,
            grant_types=("authorization_code", "refresh_token"),
            redirect_uris=(f"{portal}/oidc/callback/",),
            post_logout_redirect_uris=(f"{portal}/",),
            secret_setting="PORTAL_OIDC_CLIENT_SECRET",  # noqa: S106 (a setting's name)
        ),
        demo_data.DemoClient(
            id=demo_data.AUTOMATION_CLIENT_ID,
            name="Contoso automation (App+User and app-only)",
            grant_types=("authorization_code", "refresh_token", "client_credentials"),
            redirect_uris=(demo_data.NATIVE_REDIRECT_URI,),
            secret_setting="ENTRA_AUTOMATION_CLIENT_SECRET",  # noqa: S106 (a setting's name)
            tenant_domain="contoso.com",
        ),
        demo_data.DemoClient(
            id=demo_data.POWERSHELL_CLIENT_ID,
            # The display name, as Entra shows it on the device page (the same in any language).
            name="Partner Center PowerShell",
            # Device code (Connect-PartnerCenter -UseDeviceAuthentication) only here: Entra
            # offers it to apps with "allow public client flows", and allauth polls and confirms
            # device codes of public clients only; the automation app has a secret.
            grant_types=(
                "authorization_code", "refresh_token", Client.GrantType.DEVICE_CODE.value
            ),
            redirect_uris=(demo_data.NATIVE_REDIRECT_URI,),
        ),
    ]


def _seed_gdap(tenants: dict[str, Tenant]) -> None:
    groups = {
        (g.domain, g.name): gdap_services.security_group_upsert(
            tenant=tenants[g.domain], display_name=g.name,
            members=User.objects.filter(email__in=g.members),
        )
        for g in demo_data.GROUPS
    }
    for r in demo_data.RELATIONSHIPS:
        if GdapRelationship.objects.filter(pk=r.id).exists():
            continue  # seeded before: whatever the demo made of it stays until a reset
        relationship = gdap_services.relationship_request(
            partner_tenant=tenants[r.partner_domain], customer_tenant=tenants[r.customer_domain],
            display_name=r.display_name, roles=r.roles, duration=r.duration,
            # Fixed ids, so that docs and QA scenarios can name them.
            relationship_id=r.id,
        )
        for group_name, roles in r.assignments:
            gdap_services.access_assignment_create(
                relationship=relationship, security_group=groups[(r.partner_domain, group_name)],
                roles=roles,
            )
        if r.active:
            gdap_services.relationship_activate_seeded(relationship=relationship)


@transaction.atomic
def seed_demo_directory() -> dict[str, int]:
    password = settings.ENTRA["DEMO_PASSWORD"]
    tenants = {}
    for t in demo_data.TENANTS:
        tenants[t.domain] = _seed_tenant(t)
    for u in demo_data.USERS:
        _seed_user(u, tenant=tenants[u.domain], password=password)
    _seed_gdap(tenants)
    for c in _clients():
        secret = getattr(settings, c.secret_setting) if c.secret_setting else None
        services.client_upsert(
            client_id=c.id, name=c.name, secret=secret,
            grant_types=list(c.grant_types), redirect_uris=list(c.redirect_uris),
            post_logout_redirect_uris=list(c.post_logout_redirect_uris),
            tenant=tenants[c.tenant_domain] if c.tenant_domain else None,
        )
    return {"tenants": Tenant.objects.count(), "users": User.objects.count()}


@transaction.atomic
def reset_demo_directory() -> dict[str, int]:
    """Back to the seeded state: every sign-in, grant, registration and session is dropped."""
    models = (GrantLink, SignIn, Token, AppRegistration, Client, Authenticator, EmailAddress,
              SocialAccount, PushChallenge, PushRegistration)
    for model in models:
        model.objects.all().delete()
    # Staff accounts too: whatever someone made of the directory (an admin they promoted
    # themselves to included) must not outlive a reset.
    User.objects.all().delete()
    Tenant.objects.all().delete()
    Session.objects.all().delete()
    cache.clear()  # authorization codes, used TOTP codes and rate-limit counters live there
    return seed_demo_directory()


@transaction.atomic
def reset_demo_user(*, user: User) -> dict[str, object]:
    """One persona back to its seeded state, the rest of the directory left as it is.

    Drops the user's sign-ins (their grants cascade), tokens, MFA registrations, federated links
    and IdP sessions, then seeds the user again (seeded TOTP and recovery codes come back). The
    user's tenant is re-seeded too: journeys 2 and 4 are switched per tenant (the federation
    behaviour, the third-party MFA integration), and a launched journey must start as written.
    Raises ``LookupError`` for a user who is not a seeded persona.
    """
    seeded = {u.upn: u for u in demo_data.USERS}.get(user.email)
    if seeded is None:
        raise LookupError(user.email)
    tenant_seed = next(t for t in demo_data.TENANTS if t.domain == seeded.domain)
    SignIn.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    push_services.push_registrations_delete(user=user)  # pending requests go with the app
    method_services.user_extra_methods_delete(user=user)  # hardware token, phone, its codes
    SocialAccount.objects.filter(user=user).delete()
    # Database sessions cannot be filtered by user without decoding them; a demo has few.
    ended = 0
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    # Locked out by the previous run of the demo (wrong codes, denied pushes) must not carry
    # over into a fresh start.
    failures_forget(
        f"password:{user.email}", f"mfa:{user.pk}", f"{third_party_mfa.RECORD_METHOD}:{user.pk}"
    )
    tenant = _seed_tenant(tenant_seed)
    _seed_user(seeded, tenant=tenant, password=settings.ENTRA["DEMO_PASSWORD"])
    return {"upn": user.email, "sessions_ended": ended}
