from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessDecision(models.Model):
    """One answer the portal or its API gave to a signed-in caller, and whether MFA stood behind it.

    The MFA compliance figures of the Security workspace are counted from these rows, as Partner
    Center's security requirements status counts requests with and without MFA. Only callers whose
    identity was verified are recorded: a request with a forged or malformed token names nobody,
    and recording it would let anyone write rows.
    """

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        API = "api", _("API")

    class TokenKind(models.TextChoices):
        # The portal's own session, from the ID token of an interactive sign-in.
        BROWSER = "browser", _("Browser sign-in")
        APP_USER = "app+user", _("App+User")
        APP_ONLY = "app-only", _("App-only")

    class Result(models.TextChoices):
        ALLOWED = "allowed", _("Allowed")
        # Portal: sent to the identity provider for MFA. API: 401 MFA required.
        MFA_REQUIRED = "mfa_required", _("MFA required")
        FORBIDDEN = "forbidden", _("Forbidden")
        # Allowed by the policy, then refused by the operation (not found, invalid body).
        REFUSED = "refused", _("Refused by the operation")

    created_at = models.DateTimeField(default=timezone.now)
    partner_tenant_id = models.UUIDField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    token_kind = models.CharField(max_length=8, choices=TokenKind.choices)
    # The user's UPN, or for an app-only caller the application id.
    principal = models.CharField(max_length=254)
    object_id = models.CharField(max_length=150)
    app_id = models.CharField(max_length=100, blank=True)
    # The area (portal) or API operation asked for.
    operation = models.CharField(max_length=100)
    mfa = models.BooleanField()
    result = models.CharField(max_length=16, choices=Result.choices)
    status_code = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(
                fields=("partner_tenant_id", "created_at"), name="compliance_tenant_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.operation}: {self.result}"
