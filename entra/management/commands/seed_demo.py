from django.core.management.base import BaseCommand

from entra.seeding import reset_demo_directory, seed_demo_directory


class Command(BaseCommand):
    help = "Seed the demo tenants, personas and OIDC clients (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Drop every sign-in and registration first."
        )

    def handle(self, *args, reset: bool = False, **options) -> None:
        counts = reset_demo_directory() if reset else seed_demo_directory()
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {counts['tenants']} tenants, {counts['users']} users.")
        )
