"""Writes of GDAP: relationships and their state machine, access assignments, groups, the
customer directory's users and its audit log.

The status of a relationship changes here only, each change a conditional UPDATE on the status
it leaves, so that two approvals (or an approval and a rejection) racing each other leave one
winner and the loser a ``TransitionError``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from entra.gdap import roles as gdap_roles
from entra.gdap.selectors import relationship_effective_status
from entra.models import (
    DirectoryAudit,
    GdapAccessAssignment,
    GdapRelationship,
    SecurityGroup,
    Tenant,
    User,
)

Status = GdapRelationship.Status
_DURATION = re.compile(r"P([0-9]{1,3})D")
MAX_DURATION_DAYS = 730  # Graph's limit for a delegatedAdminRelationship


class GdapError(ValueError):
    """A request GDAP cannot carry out; the message says why (shown on a 4xx page)."""


class TransitionError(GdapError):
    """The relationship is not in a status this change starts from."""


class UnknownRoleError(GdapError):
    """A role that is no Entra role template GDAP grants, or no role at all."""


class UserCreationError(GdapError):
    """A user the customer's admin cannot add: a missing name, an invalid or taken UPN."""


class DuplicateError(GdapError):
    """Graph keeps a partner's relationship names unique, and one assignment per group."""




def duration_days(duration: str) -> int:
    match = _DURATION.fullmatch(duration or "")
    if not match or not 1 <= int(match.group(1)) <= MAX_DURATION_DAYS:
        raise GdapError(
            f"Duration must be ISO 8601 days between P1D and P{MAX_DURATION_DAYS}D, e.g. P730D."
        )
    return int(match.group(1))


def _validate_roles(template_ids: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(template_ids))
    unknown = [t for t in ids if t not in gdap_roles.ROLES]
    if unknown:
        raise UnknownRoleError(f"No such Entra role template: {', '.join(unknown)}")
    if not ids:
        raise UnknownRoleError("A relationship needs at least one role.")
    return ids


def relationship_request(
    *,
    partner_tenant: Tenant,
    customer_tenant: Tenant,
    display_name: str,
    roles: Iterable[str],
    duration: str,
    relationship_id: str | None = None,
    actor: User | None = None,
) -> GdapRelationship:
    """A partner asks a customer for roles: approvalPending until the customer's admin acts.

    ``actor``: the partner's agent asking through the partner's GDAP page; the request then goes
    to the customer tenant's audit log. The seeding asks without one."""
    if partner_tenant.kind != Tenant.Kind.PARTNER or customer_tenant.kind != Tenant.Kind.CUSTOMER:
        raise GdapError("A relationship goes from a partner tenant to a customer tenant.")
    if actor is not None and actor.tenant_id != partner_tenant.pk:
        raise GdapError("Only an agent of the partner tenant can request its relationships.")
    duration_days(duration)
    name = display_name.strip()[:50]
    if not name:
        raise GdapError("A relationship needs a display name.")
    role_ids = _validate_roles(roles)
    with transaction.atomic():
        # The model has no unique index on the name (no migration here): a no-op UPDATE of the
        # partner's row makes two requests of one partner take turns (a row lock on
        # PostgreSQL, the write lock on SQLite), so the second one sees the first one's name.
        Tenant.objects.filter(pk=partner_tenant.pk).update(name=F("name"))
        if GdapRelationship.objects.filter(
            partner_tenant=partner_tenant, display_name__iexact=name
        ).exists():
            raise DuplicateError(
                _("%(partner)s already has a relationship named %(name)s.")
                % {"partner": partner_tenant.name, "name": name}
            )
        relationship = GdapRelationship.objects.create(
            **({"id": relationship_id} if relationship_id else {}),
            partner_tenant=partner_tenant, customer_tenant=customer_tenant,
            display_name=name, roles=role_ids, duration=duration,
        )
        if actor is not None:
            _audit(
                tenant=customer_tenant, activity=DirectoryAudit.Activity.REQUEST_RELATIONSHIP,
                target=name,
                actor=actor, actor_tenant=partner_tenant,
            )
    return relationship


def _transition(
    relationship: GdapRelationship, *, source: str, **changes: object
) -> GdapRelationship:
    updated = GdapRelationship.objects.filter(pk=relationship.pk, status=source).update(**changes)
    if not updated:
        relationship.refresh_from_db()
        raise TransitionError(
            f"The relationship is {relationship.status}, not {source}: nothing was changed."
        )
    relationship.refresh_from_db()
    return relationship


def _audit(
    *, tenant: Tenant, activity: str, target: str, actor: User, actor_tenant: Tenant
) -> DirectoryAudit:
    return DirectoryAudit.objects.create(
        tenant=tenant, activity=activity, target=target, actor_upn=actor.email,
        actor_tenant_id=actor_tenant.pk, actor_tenant_name=actor_tenant.name,
    )


@transaction.atomic
def relationship_approve(*, relationship: GdapRelationship, approver: User) -> GdapRelationship:
    """approvalPending -> active, for the duration asked, by an admin of the customer."""
    if approver.tenant_id != relationship.customer_tenant_id:
        raise GdapError("Only the customer tenant's own admin can approve its relationships.")
    now = timezone.now()
    relationship = _transition(
        relationship, source=Status.APPROVAL_PENDING, status=Status.ACTIVE, activated_at=now,
        ends_at=now + timedelta(days=duration_days(relationship.duration)),
        decided_by=approver.email,
    )
    _audit(
        tenant=relationship.customer_tenant, activity=DirectoryAudit.Activity.APPROVE_RELATIONSHIP,
        target=relationship.display_name, actor=approver, actor_tenant=approver.tenant,
    )
    return relationship


@transaction.atomic
def relationship_reject(*, relationship: GdapRelationship, approver: User) -> GdapRelationship:
    """approvalPending -> terminated: the customer declined (Graph has no "rejected")."""
    if approver.tenant_id != relationship.customer_tenant_id:
        raise GdapError("Only the customer tenant's own admin can reject its relationships.")
    relationship = _transition(
        relationship, source=Status.APPROVAL_PENDING, status=Status.TERMINATED,
        ended_at=timezone.now(), decided_by=approver.email,
    )
    _audit(
        tenant=relationship.customer_tenant, activity=DirectoryAudit.Activity.REJECT_RELATIONSHIP,
        target=relationship.display_name, actor=approver, actor_tenant=approver.tenant,
    )
    return relationship


@transaction.atomic
def relationship_terminate(
    *, relationship: GdapRelationship, actor: User | None = None
) -> GdapRelationship:
    """active -> terminated (either side ends it early); with ``actor``, audited in the
    customer tenant. An active relationship past its end has expired: nothing to terminate."""
    if actor is not None and actor.tenant_id not in (
        relationship.partner_tenant_id, relationship.customer_tenant_id
    ):
        raise GdapError("Only the partner or the customer can terminate a relationship.")
    if relationship_effective_status(relationship=relationship) == Status.EXPIRED:
        raise TransitionError("The relationship has expired: nothing was changed.")
    relationship = _transition(
        relationship, source=Status.ACTIVE, status=Status.TERMINATED, ended_at=timezone.now()
    )
    if actor is not None:
        _audit(
            tenant=relationship.customer_tenant,
            activity=DirectoryAudit.Activity.TERMINATE_RELATIONSHIP,
            target=relationship.display_name,
            actor=actor, actor_tenant=actor.tenant,
        )
    return relationship


def relationship_expire(*, relationship: GdapRelationship) -> GdapRelationship:
    """active -> expired, once its duration has run out (never earlier)."""
    if relationship_effective_status(relationship=relationship) != Status.EXPIRED:
        raise TransitionError("The relationship has not run out: nothing was changed.")
    return _transition(
        relationship, source=Status.ACTIVE, status=Status.EXPIRED, ended_at=timezone.now()
    )


def relationship_activate_seeded(*, relationship: GdapRelationship) -> GdapRelationship:
    """The demo's relationships start approved (as if the customer had approved them)."""
    now = timezone.now()
    return _transition(
        relationship, source=Status.APPROVAL_PENDING, status=Status.ACTIVE, activated_at=now,
        ends_at=now + timedelta(days=duration_days(relationship.duration)),
        decided_by="seeded",
    )


def security_group_upsert(
    *, tenant: Tenant, display_name: str, members: Iterable[User]
) -> SecurityGroup:
    group, _ = SecurityGroup.objects.get_or_create(tenant=tenant, display_name=display_name)
    group.members.set(list(members))
    return group


def access_assignment_create(
    *,
    relationship: GdapRelationship,
    security_group: SecurityGroup,
    roles: Iterable[str],
    actor: User | None = None,
) -> GdapAccessAssignment:
    """A partner group gets some of the relationship's roles (never more than it grants).

    ``actor``: the partner's agent on the partner's GDAP page, where the relationship must be
    active (Graph's rule), a group gets one assignment per relationship, and the assignment goes
    to the customer tenant's audit log. The seeding assigns pending relationships too."""
    ids = _validate_roles(roles)
    if security_group.tenant_id != relationship.partner_tenant_id:
        raise GdapError("The security group must belong to the partner tenant.")
    beyond = [t for t in ids if t not in relationship.roles]
    if beyond:
        raise UnknownRoleError(
            _("The relationship does not grant: %(roles)s")
            % {"roles": ", ".join(gdap_roles.role_names(beyond))}
        )
    if actor is None:
        return GdapAccessAssignment.objects.create(
            relationship=relationship, security_group=security_group, roles=ids
        )
    if actor.tenant_id != relationship.partner_tenant_id:
        raise GdapError("Only an agent of the partner tenant can assign its groups.")
    with transaction.atomic():
        # Taking the relationship's row first: a termination racing this waits (or this one
        # waits for it) and the status read next is the one that stands.
        GdapRelationship.objects.filter(pk=relationship.pk).update(status=F("status"))
        relationship.refresh_from_db()
        if relationship_effective_status(relationship=relationship) != Status.ACTIVE:
            raise TransitionError(
                _("%(name)s is %(status)s, not active: nothing was assigned.")
                % {"name": relationship.display_name,
                   "status": relationship.get_status_display()}
            )
        if relationship.access_assignments.filter(security_group=security_group).exists():
            raise DuplicateError(
                _("%(group)s already has an access assignment in %(name)s.")
                % {"group": security_group.display_name, "name": relationship.display_name}
            )
        assignment = GdapAccessAssignment.objects.create(
            relationship=relationship, security_group=security_group, roles=ids
        )
        _audit(
            tenant=relationship.customer_tenant, activity=DirectoryAudit.Activity.ASSIGN_ACCESS,
            # Stored in English (role names as Graph spells them), whoever reads it later.
            target=f"{security_group.display_name} ({relationship.display_name}): "
            + ", ".join(gdap_roles.ROLES[t].name for t in ids),
            actor=actor, actor_tenant=actor.tenant,
        )
    return assignment


def one_time_password() -> str:
    # Entra's temporary passwords: letters and digits, readable aloud.
    return "Tmp" + secrets.token_urlsafe(9).replace("-", "x").replace("_", "y") + "1!"


def customer_user_create(
    *,
    customer_tenant: Tenant,
    display_name: str,
    upn: str,
    actor: User,
) -> tuple[User, str]:
    """Add a member user to the customer's directory, with a one-time password (returned once,
    never stored in clear), and log who did it from which partner tenant."""
    upn = (upn or "").strip().lower()
    name = (display_name or "").strip()
    if not name or len(name) > 128:
        raise UserCreationError(_("Enter a display name (at most 128 characters)."))
    try:
        validate_email(upn)
    except ValidationError as exc:
        raise UserCreationError(
            _("%(upn)s is not a valid user principal name.") % {"upn": upn or "—"}
        ) from exc
    if upn.rsplit("@", 1)[1] != customer_tenant.domain:
        raise UserCreationError(
            _("The user principal name must end in @%(domain)s.")
            % {"domain": customer_tenant.domain}
        )
    given, _sep, family = name.partition(" ")
    password = one_time_password()
    try:
        with transaction.atomic():
            if User.objects.filter(email=upn).exists():
                raise UserCreationError(_("%(upn)s is already taken.") % {"upn": upn})
            user = User.objects.create_user(
                upn, password, tenant=customer_tenant, given_name=given[:64],
                family_name=family[:64],
            )
            # allauth signs users in by their e-mail address records (as user_upsert makes).
            EmailAddress.objects.create(user=user, email=upn, verified=True, primary=True)
            _audit(
                tenant=customer_tenant, activity=DirectoryAudit.Activity.ADD_USER, target=upn,
                actor=actor, actor_tenant=actor.tenant,
            )
    except IntegrityError as exc:
        # Two agents adding the same UPN at once: the unique index lets one through.
        raise UserCreationError(_("%(upn)s is already taken.") % {"upn": upn}) from exc
    return user, password


def user_directory_facts_set(
    *, user: User, directory_roles: Iterable[str], home_tenant: Tenant | None, mail: str
) -> User:
    """A user's directory roles in their own tenant, and whether they are a guest (B2B: a
    user of ``home_tenant`` invited into ``user.tenant``)."""
    user.directory_roles = _validate_roles(directory_roles) if directory_roles else []
    user.home_tenant = home_tenant
    user.user_type = User.UserType.GUEST if home_tenant is not None else User.UserType.MEMBER
    user.mail = mail
    user.save(update_fields=["directory_roles", "home_tenant", "user_type", "mail"])
    return user
