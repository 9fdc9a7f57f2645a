"""Directory objects of the mock Entra ID: tenants, users, app registrations, sign-in records."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuthenticationMethod(models.TextChoices):
    """The methods a tenant may allow its users to register: Entra's authentication methods
    policy, by its Microsoft Graph configuration ids (simplified: on or off per tenant)."""

    MICROSOFT_AUTHENTICATOR = "MicrosoftAuthenticator", _("Microsoft Authenticator")
    FIDO2 = "Fido2", _("Passkey or security key (FIDO2)")
    HARDWARE_OATH = "HardwareOath", _("Hardware OATH token")
    SMS = "Sms", _("SMS (text message)")
    VOICE = "Voice", _("Voice call")


def all_authentication_methods() -> list[str]:
    """Every method (a new tenant's default, as Entra's policy before an admin narrows it)."""
    return list(AuthenticationMethod.values)


class Tenant(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner tenant")
        CUSTOMER = "customer", _("Customer tenant")

    class MfaPolicy(models.TextChoices):
        # Like security defaults or a conditional access policy for all users.
        EVERY_SIGN_IN = "every_sign_in", _("MFA at every sign-in")
        NONE = "none", _("No MFA policy")

    class SignInKind(models.TextChoices):
        MANAGED = "managed", _("Managed (cloud) identities")
        FEDERATED = "federated", _("Federated to another identity provider")

    class FederatedIdpMfaBehavior(models.TextChoices):
        # Entra's domain federation setting of that name (Microsoft Graph internalDomainFederation).
        ACCEPT = "acceptIfMfaDoneByFederatedIdp", _("Accept MFA done by the federated IdP")
        ENFORCE = "enforceMfaByFederatedIdp", _("Enforce MFA by the federated IdP")
        REJECT = "rejectMfaByFederatedIdp", _("Reject MFA by the federated IdP (Entra does it)")

    class ThirdPartyMfa(models.TextChoices):
        # How a non-Microsoft MFA product is wired in through Conditional Access (journey 4).
        # A custom control satisfies the policy but never relays the method into ``amr``;
        # an external authentication method is Entra-compatible: ``amr`` says ``mfa``.
        CUSTOM_CONTROL = "custom_control", _("Conditional Access custom control")
        EXTERNAL_AUTHENTICATION_METHOD = (
            "external_authentication_method",
            _("External authentication method"),
        )

    class CustomerMfaPolicy(models.TextChoices):
        # Entra security defaults: every holder of an admin role must do MFA, partner agents
        # acting through GDAP (or DAP) included, whatever their role.
        SECURITY_DEFAULTS = "security_defaults", _("Security defaults on")
        # The Conditional Access template "Require multifactor authentication for admins":
        # only the admin roles it lists (Global Reader is not one of them).
        ADMINS_CONDITIONAL_ACCESS = (
            "admins_conditional_access",
            _("Conditional Access: MFA for admins"),
        )
        OFF = "off", _("Security defaults off, no Conditional Access")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    domain = models.CharField(max_length=253, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PARTNER)
    mfa_policy = models.CharField(max_length=16, choices=MfaPolicy.choices, default=MfaPolicy.NONE)
    sign_in_kind = models.CharField(
        max_length=16, choices=SignInKind.choices, default=SignInKind.MANAGED
    )
    # A federated tenant's identity provider (an allauth socialaccount provider id) and what
    # Entra makes of the MFA it reports.
    federation_provider = models.CharField(max_length=64, blank=True, default="")
    federated_idp_mfa_behavior = models.CharField(
        max_length=32, choices=FederatedIdpMfaBehavior.choices,
        default=FederatedIdpMfaBehavior.ACCEPT,
    )
    # Empty: the tenant's MFA is Entra's own.
    third_party_mfa = models.CharField(
        max_length=32, choices=ThirdPartyMfa.choices, blank=True, default=""
    )
    # Entra's authentication methods policy: what users of the tenant may register
    # (AuthenticationMethod values); entra.methods enforces it.
    authentication_methods = models.JSONField(default=all_authentication_methods, blank=True)
    region_scope = models.CharField(max_length=8, default="NA")
    # What a customer tenant asks of the admins acting in it, partner agents included
    # (entra.internal.interaction.mfa_due). The tenant's own users keep ``mfa_policy``.
    customer_mfa_policy = models.CharField(
        max_length=32, choices=CustomerMfaPolicy.choices, default=CustomerMfaPolicy.OFF
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_federated(self) -> bool:
        return self.sign_in_kind == self.SignInKind.FEDERATED and bool(self.federation_provider)

    @property
    def requires_mfa_at_sign_in(self) -> bool:
        return self.mfa_policy == self.MfaPolicy.EVERY_SIGN_IN


class Role(models.TextChoices):
    """Partner Center roles as they travel in the token's ``roles`` claim (app roles)."""

    ADMIN_AGENT = "AdminAgent", _("Admin agent")
    SALES_AGENT = "SalesAgent", _("Sales agent")
    HELPDESK_AGENT = "HelpdeskAgent", _("Helpdesk agent")
    SECURITY_ADMIN = "SecurityAdmin", _("Security administrator")
    BILLING_ADMIN = "BillingAdmin", _("Billing administrator")


# Entra built-in directory role template ids, emitted in ``wids`` for the two directory roles.
DIRECTORY_ROLE_TEMPLATE_IDS = {
    Role.SECURITY_ADMIN: "194ae4cb-b126-40b2-bd5b-6091b380977d",
    Role.BILLING_ADMIN: "b0f54661-2d74-4c50-afa3-1ec803f12efe",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A directory user. ``email`` is the user principal name (UPN)."""

    class UserType(models.TextChoices):
        MEMBER = "Member", _("Member")
        # B2B: a user of another tenant invited into this one (``home_tenant`` says which).
        GUEST = "Guest", _("Guest")

    object_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("user principal name"), unique=True)
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, related_name="users")
    given_name = models.CharField(max_length=64, blank=True)
    family_name = models.CharField(max_length=64, blank=True)
    roles = models.JSONField(default=list, blank=True)
    # Entra directory roles held in the user's own tenant (template ids, entra.gdap.roles):
    # a customer tenant's Global Administrator approves GDAP relationships.
    directory_roles = models.JSONField(default=list, blank=True)
    user_type = models.CharField(max_length=8, choices=UserType.choices, default=UserType.MEMBER)
    home_tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="guests"
    )
    # The guest's own address (its UPN here is the #EXT# form); empty for members.
    mail = models.EmailField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def get_short_name(self) -> str:
        return self.given_name


class SignIn(models.Model):
    """How a user authenticated when a code was issued: what ``amr``/``acr``/``auth_time`` say.

    allauth's authorization codes and refresh tokens do not carry this, so each grant handed to a
    client is linked here (see ``GrantLink``) and the token endpoint reads it back.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    amr = models.JSONField()
    # The acr that answers the authorization request (OIDC Core 5.5.1.1), and the Conditional
    # Access authentication contexts it asked for and this sign-in satisfied (Entra's acrs).
    acr = models.CharField(max_length=64, default="1")
    acrs = models.JSONField(default=list, blank=True)
    auth_time = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    # The tenant whose authority issued the grant (``/<tenant>/identity/o/authorize``): its
    # tokens say ``tid`` = this tenant, and only that tenant's token endpoint redeems them.
    # Null for the common authority (the user's own tenant).
    resource_tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.user} {self.amr}"


class GrantLink(models.Model):
    """A grant handed to a client (stored as allauth's SHA-256 hash of it) and its sign-in.

    The sign-in is also the grant's *family*: every token issued from one authorization code (or
    device code), through every refresh, links to it, so a replayed code or refresh token can
    revoke them all.
    """

    class Kind(models.TextChoices):
        CODE = "code", _("Authorization code")
        REFRESH_TOKEN = "refresh_token", _("Refresh token")
        ACCESS_TOKEN = "access_token", _("Access token")
        # RFC 8628: linked when the user confirms the code on the device page.
        DEVICE_CODE = "device_code", _("Device code")

    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sign_in = models.ForeignKey(SignIn, on_delete=models.CASCADE, related_name="grants")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a code, device code or refresh token got its one token response; presenting it
    # again is a replay (OAuth 2.0 Security BCP, RFC 9700 sections 2.2.2 and 4.14).
    redeemed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of sign-in {self.sign_in_id}"


class AppRegistration(models.Model):
    """Entra-side facts about an OIDC client: the tenant that owns it and its service principal.

    A separate migration from the user model: allauth's client table depends on the user model.
    """

    client = models.OneToOneField(
        "allauth_idp_oidc.Client", on_delete=models.CASCADE, related_name="registration"
    )
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="apps")
    service_principal_id = models.UUIDField(default=uuid.uuid4, unique=True)

    def __str__(self) -> str:
        return f"{self.client} @ {self.tenant}"


class PushRegistration(models.Model):
    """Microsoft Authenticator registered for push notifications (one row per app install).

    allauth's ``Authenticator.Type`` is a closed list, so push lives here, beside the TOTP
    authenticator that the same registration creates (``entra.push``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_registrations")
    app_name = models.CharField(max_length=64, default="Microsoft Authenticator")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.app_name} of {self.user}"


class PushChallenge(models.Model):
    """One "Approve sign-in request" sent to the user's phone, with its number to match.

    Bound to the IdP browser session that asked (``session_binding``: a hash of a secret kept in
    that session) and used once: every change of ``status`` is a conditional UPDATE.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the phone")
        APPROVED = "approved", _("Approved on the phone")
        DENIED = "denied", _("Denied on the phone")
        # The approval completed a sign-in: it can never complete another.
        CONSUMED = "consumed", _("Used for a sign-in")
        # The same browser session asked again ("Send another request").
        SUPERSEDED = "superseded", _("Replaced by a newer request")

    class DenialReason(models.TextChoices):
        DENIED = "denied", _("The user tapped Deny")
        WRONG_NUMBER = "wrong_number", _("The number typed on the phone did not match")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_challenges")
    registration = models.ForeignKey(
        PushRegistration, on_delete=models.CASCADE, related_name="challenges"
    )
    session_binding = models.CharField(max_length=64, db_index=True)
    number = models.PositiveSmallIntegerField()
    # The application the user is signing in to, as the phone shows it.
    client_name = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    denial_reason = models.CharField(
        max_length=16, choices=DenialReason.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"push {self.number} for {self.user} ({self.status})"


class SecurityGroup(models.Model):
    """A security group of a partner tenant; GDAP access assignments name groups, not users."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="security_groups")
    display_name = models.CharField(max_length=120)
    members = models.ManyToManyField(User, blank=True, related_name="security_groups")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "display_name"], name="group_name_per_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.tenant})"


class GdapRelationship(models.Model):
    """Microsoft Graph's delegatedAdminRelationship: a partner's time-limited, least-privilege
    Entra roles in one customer tenant. ``status`` changes only in ``entra.gdap.services``."""

    class Status(models.TextChoices):
        APPROVAL_PENDING = "approvalPending", _("Approval pending")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner_tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="gdap_as_partner"
    )
    customer_tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="gdap_as_customer"
    )
    display_name = models.CharField(max_length=50)
    # Role template ids the relationship grants at most (Graph: accessDetails.unifiedRoles).
    roles = models.JSONField(default=list)
    # ISO 8601, days only, as Graph takes it: P1D to P730D.
    duration = models.CharField(max_length=8)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.APPROVAL_PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    # Who approved or rejected it (a customer admin's UPN), and when it left "active".
    decided_by = models.CharField(max_length=254, blank=True, default="")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["customer_tenant__name", "partner_tenant__name", "created_at"]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.partner_tenant} -> {self.customer_tenant}"


class GdapAccessAssignment(models.Model):
    """Graph's delegatedAdminAccessAssignment: a partner security group gets some of the
    relationship's roles in the customer tenant."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    relationship = models.ForeignKey(
        GdapRelationship, on_delete=models.CASCADE, related_name="access_assignments"
    )
    security_group = models.ForeignKey(
        SecurityGroup, on_delete=models.CASCADE, related_name="access_assignments"
    )
    roles = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.security_group} in {self.relationship}"


class DirectoryAudit(models.Model):
    """One entry of a tenant's audit log: what was done in it, and by whom from where."""

    class Activity(models.TextChoices):
        ADD_USER = "add_user", _("Add user")
        APPROVE_RELATIONSHIP = "approve_relationship", _("Approve GDAP relationship")
        REJECT_RELATIONSHIP = "reject_relationship", _("Reject GDAP relationship")
        # The partner's side (entra.views.partner_gdap).
        REQUEST_RELATIONSHIP = "request_relationship", _("Request GDAP relationship")
        TERMINATE_RELATIONSHIP = "terminate_relationship", _("Terminate GDAP relationship")
        ASSIGN_ACCESS = "assign_access", _("Assign GDAP roles to a security group")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="audit_entries")
    at = models.DateTimeField(default=timezone.now)
    activity = models.CharField(max_length=32, choices=Activity.choices)
    target = models.CharField(max_length=254)
    actor_upn = models.CharField(max_length=254)
    # The partner tenant a partner agent acted from; the tenant itself for its own admins.
    actor_tenant_id = models.UUIDField()
    actor_tenant_name = models.CharField(max_length=100)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity} {self.target} by {self.actor_upn}"


class HardwareOathToken(models.Model):
    """A hardware OATH TOTP token (6 digits, 30 s), simulated on screen (``/token/<serial>/``).

    In Entra an admin uploads the tokens' CSV (serial number, secret key) and the user activates
    the one assigned to them by typing its code; here the registration page assigns a fresh
    token, and it counts as a method once activated. allauth's ``Authenticator.Type`` is a
    closed list (one TOTP per user), so the token lives here.
    """

    serial_number = models.CharField(max_length=32, unique=True)
    # Base32, as in the CSV an admin uploads; shown to its user and on the token's page only.
    secret_key = models.CharField(max_length=64)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="hardware_oath_tokens")
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"OATH token {self.serial_number} of {self.user}"


class PhoneMethod(models.Model):
    """The user's phone number for MFA codes by text message or voice call (one per user)."""

    class Delivery(models.TextChoices):
        SMS = "sms", _("Text me a code")
        VOICE = "voice", _("Call me")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="phone_method")
    # E.164: "+" and up to 15 digits (entra.methods normalises what was typed).
    phone_number = models.CharField(max_length=16)
    # How a code is sent first; the verification page offers the other channel the tenant allows.
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.SMS)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"phone {self.phone_number} of {self.user}"


class PhoneCode(models.Model):
    """A one-time code sent to the user's phone, by text message or voice call: what the
    simulated phone shows, and what the verification page checks (once, before it expires).

    Bound to the IdP browser session that asked for it (``session_binding``, a hash of a secret
    kept in that session), like a push request.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phone_codes")
    channel = models.CharField(max_length=8, choices=PhoneMethod.Delivery.choices)
    phone_number = models.CharField(max_length=16)
    # Kept readable: the simulated phone displays it, as the real one would; never logged.
    code = models.CharField(max_length=6)
    session_binding = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} code for {self.user}"
