"""Microsoft Entra roles a partner can hold in a customer's tenant (template ids are Entra's).

DAP gave the partner's admin agents Global Administrator and its helpdesk agents Helpdesk
Administrator in every customer tenant; GDAP grants only the roles an approved relationship
names, for a limited time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CustomerRole:
    id: str
    name: str


GLOBAL_ADMINISTRATOR = CustomerRole("62e90394-69f5-4237-9190-012177145e10", "Global Administrator")
USER_ADMINISTRATOR = CustomerRole("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator")
LICENSE_ADMINISTRATOR = CustomerRole(
    "4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator"
)
HELPDESK_ADMINISTRATOR = CustomerRole(
    "729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"
)
GLOBAL_READER = CustomerRole("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader")
DIRECTORY_READERS = CustomerRole("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers")

CUSTOMER_ROLES: dict[str, CustomerRole] = {
    role.id: role
    for role in (
        GLOBAL_ADMINISTRATOR, USER_ADMINISTRATOR, LICENSE_ADMINISTRATOR, HELPDESK_ADMINISTRATOR,
        GLOBAL_READER, DIRECTORY_READERS,
    )
}

# What DAP grants, by Partner Center role (the values of the token's `roles`).
DAP_ROLES: dict[str, frozenset[str]] = {
    "AdminAgent": frozenset({GLOBAL_ADMINISTRATOR.id}),
    "HelpdeskAgent": frozenset({HELPDESK_ADMINISTRATOR.id}),
}

# The roles the seeded GDAP relationships grant (least privilege for the demo's operations).
DEMO_GDAP_ROLES = (
    USER_ADMINISTRATOR.id, LICENSE_ADMINISTRATOR.id, HELPDESK_ADMINISTRATOR.id, GLOBAL_READER.id,
)
