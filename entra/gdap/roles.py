"""The Entra built-in roles a GDAP relationship can grant, by template id (Microsoft Entra
built-in roles reference), and what each may do in the customer's admin center."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class EntraRole:
    template_id: str
    # Graph's displayName (English, marked for the catalog: pages show it translated).
    name: str
    # Listed by the Conditional Access template "Require multifactor authentication for
    # admins" (and by security defaults): holding it makes MFA due under that policy.
    admin: bool


GLOBAL_ADMINISTRATOR = EntraRole(
    "62e90394-69f5-4237-9190-012177145e10", N_("Global Administrator"), True
)
USER_ADMINISTRATOR = EntraRole(
    "fe930be7-5e62-47db-91af-98c3a49a38b1", N_("User Administrator"), True
)
HELPDESK_ADMINISTRATOR = EntraRole(
    "729827e3-9c14-49f7-bb1b-9608f156bbb8", N_("Helpdesk Administrator"), True
)
GLOBAL_READER = EntraRole("f2ef992c-3afb-46b9-b7cf-a126ee74c451", N_("Global Reader"), False)

ROLES: dict[str, EntraRole] = {
    r.template_id: r
    for r in (GLOBAL_ADMINISTRATOR, USER_ADMINISTRATOR, HELPDESK_ADMINISTRATOR, GLOBAL_READER)
}


class Action:
    """What the admin center lets an agent do, and the roles (any of them) that allow it."""

    READ_DIRECTORY = "read_directory"
    ADD_USER = "add_user"


ACTION_ROLES: dict[str, tuple[EntraRole, ...]] = {
    Action.READ_DIRECTORY: (
        GLOBAL_ADMINISTRATOR, USER_ADMINISTRATOR, HELPDESK_ADMINISTRATOR, GLOBAL_READER
    ),
    Action.ADD_USER: (GLOBAL_ADMINISTRATOR, USER_ADMINISTRATOR),
}

ACTION_LABELS = {
    Action.READ_DIRECTORY: _("read the directory"),
    Action.ADD_USER: _("add a user"),
}


def role_names(template_ids: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """The roles' names in the current language."""
    return [gettext(ROLES[t].name) for t in template_ids if t in ROLES]


def action_role_names(action: str) -> list[str]:
    return [gettext(r.name) for r in ACTION_ROLES[action]]


def allows(template_ids: set[str] | frozenset[str], action: str) -> bool:
    return any(r.template_id in template_ids for r in ACTION_ROLES[action])
