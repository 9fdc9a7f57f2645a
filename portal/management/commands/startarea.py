"""``manage.py startarea <name>``: a new area of the portal, working and tested from the start.

Django's ``startapp`` machinery (``TemplateCommand``) renders ``portal/area_template``; this
command adds what an area needs on top: the checks that keep a new area from colliding with the
others, and the compiled Korean catalog, so the page is translated before the next ``make``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.core.management.templates import TemplateCommand
from django.urls import Resolver404, resolve

from portal import areas
from portal.policy import Role

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "area_template"
# The Contoso persona of each role (seeded at the mock Entra ID; MFA at sign-in): the generated
# browser test signs in as the first allowed role's persona, and as the persona with no role.
PERSONAS = {
    Role.ADMIN_AGENT: "admin.agent@contoso.com",
    Role.SALES_AGENT: "sales.agent@contoso.com",
    Role.HELPDESK_AGENT: "helpdesk.agent@contoso.com",
    Role.SECURITY_ADMIN: "security.admin@contoso.com",
    Role.BILLING_ADMIN: "billing.admin@contoso.com",
}
NO_ROLE_PERSONA = "no.role@contoso.com"
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
# Titles go into Python and .po string literals as they are.
_UNSAFE_IN_LITERAL = re.compile(r'["\\\n\r{}%]')


class Command(TemplateCommand):
    help = (
        "Creates an area of the portal: a page behind sign-in, MFA and a role rule, its template, "
        "its Korean catalog, a demo-data seeder stub and its tests (policy, view, browser)."
    )
    missing_args_message = "Name the area, e.g. manage.py startarea reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The app, URL namespace and area name (snake_case).")
        parser.add_argument("--title", help="The area's title in English (default from name).")
        parser.add_argument(
            "--title-ko", help="The area's title in Korean (default: the English title)."
        )
        parser.add_argument(
            "--roles", default=Role.ADMIN_AGENT.value,
            help="Comma-separated roles that may open it, as the ID token's roles claim says "
            f"them ({', '.join(role.value for role in Role)}). Default: AdminAgent.",
        )
        parser.add_argument(
            "--no-mfa", action="store_true", help="Sign-in is enough (default: MFA required)."
        )
        parser.add_argument("--route", help="Its URL prefix (default: the name, e.g. reports/).")
        parser.add_argument(
            "--order", type=int, default=100, help="Position in the navigation (default 100: last)."
        )
        parser.add_argument(
            "--directory", type=Path, default=Path(settings.BASE_DIR),
            help="Where the app is created (default: the repository, where the portal finds it).",
        )

    def handle(self, **options: Any) -> None:
        name: str = options.pop("name")
        directory: Path = options.pop("directory")
        context = self._context(name, options)
        target = directory / name
        if target.exists():
            raise CommandError(f"'{target}' already exists; choose another name.")
        # A valid identifier that no importable module has taken (startapp's own check).
        self.app_or_project, self.a_or_an = "app", "an"
        self.validate_name(name)
        # Made aside and renamed into place at the end: an error leaves nothing half made, and
        # the staging directory is not importable under the area's name while it is checked.
        staging = Path(tempfile.mkdtemp(dir=directory, prefix=".startarea-"))
        try:
            made = staging / name
            made.mkdir()
            super().handle(
                "app", name, str(made), template=str(TEMPLATE_DIR),
                extensions=["py", "po"], files=[], **context,
            )
            _compile_catalog(made / "locale" / "ko" / "LC_MESSAGES")
            try:
                made.rename(target)
            except OSError as error:  # the same name made at the same moment by another run
                raise CommandError(f"'{target}' appeared while this ran: {error}") from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.stdout.write(self.style.SUCCESS(_next_steps(name, context)))

    def _context(self, name: str, options: dict[str, Any]) -> dict[str, Any]:
        """Validates everything before a file is written; the values the templates render."""
        if not _NAME.match(name):
            raise CommandError(
                f"'{name}' is not a valid area name: lowercase letters, digits and _, "
                "starting with a letter."
            )
        if areas.area_for_namespace(name) is not None:
            raise CommandError(f"The portal already has an area '{name}'.")
        title = options["title"] or name.replace("_", " ").capitalize()
        title_ko = options["title_ko"] or title
        for label, value in (("--title", title), ("--title-ko", title_ko)):
            if _UNSAFE_IN_LITERAL.search(value) or not value.strip():
                raise CommandError(f"{label} cannot be empty or contain quotes, \\, {{}}, %.")
        roles = _roles(options["roles"])
        route = options["route"] or f"{name.replace('_', '-')}/"
        if route.startswith("/") or not re.fullmatch(r"[a-z0-9_/.-]+", route):
            raise CommandError(f"--route '{route}': a relative URL prefix such as 'reports/'.")
        _route_free(route)
        return {
            **options,
            "title": title,
            "title_ko": title_ko,
            "mfa": not options["no_mfa"],
            "route": route,
            # As Python literals: {Role.BILLING_ADMIN}, {"BillingAdmin"}, ("BillingAdmin",).
            "roles_code": "{" + ", ".join(f"Role.{role.name}" for role in roles) + "}",
            "roles_set": "{" + ", ".join(f'"{role.value}"' for role in roles) + "}",
            "roles_tuple": "(" + "".join(f'"{role.value}", ' for role in roles).rstrip() + ")",
            "allowed_upn": PERSONAS[roles[0]],
            "denied_upn": NO_ROLE_PERSONA,
        }


def _roles(value: str) -> list[Role]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    try:
        roles = [Role(part) for part in names]
    except ValueError:
        raise CommandError(
            f"--roles '{value}': use {', '.join(role.value for role in Role)}."
        ) from None
    if not roles:
        raise CommandError("--roles: name at least one role.")
    return list(dict.fromkeys(roles))


def _route_free(route: str) -> None:
    try:
        match = resolve(f"/{route}")
    except Resolver404:
        return
    raise CommandError(f"/{route} is already a page of the area '{match.namespaces[0]}'.")


def _compile_catalog(messages_dir: Path) -> None:
    with (messages_dir / "django.po").open("rb") as po:
        catalog = read_po(po)
    with (messages_dir / "django.mo").open("wb") as mo:
        write_mo(mo, catalog)


def _next_steps(name: str, context: dict[str, Any]) -> str:
    return (
        f"Created the area '{name}' at /{context['route']} "
        f"({'MFA, ' if context['mfa'] else ''}roles {context['roles_set']}).\n"
        f"  Page:      {name}/templates/{name}/home.html (build it from /dev/components)\n"
        f"  Policy:    {name}/area.py\n"
        f"  Korean:    {name}/locale/ko/LC_MESSAGES/django.po (make compiles it)\n"
        f"  Demo data: {name}/services.py\n"
        f"  Tests:     DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest "
        f"--ds=config.settings.portal_test {name}\n"
        "Restart `make demo` to see it."
    )
