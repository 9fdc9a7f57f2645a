from django.core.management.base import BaseCommand

from adfs.seeding import reset_adfs_directory, seed_adfs_directory


class Command(BaseCommand):
    help = "Seed Wingtip AD FS's users and the mock Entra ID's federation client (safe to rerun)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true",
            help="Drop every sign-in, token, session and MFA switch change first.",
        )

    def handle(self, *args, reset: bool = False, **options) -> None:
        counts = reset_adfs_directory() if reset else seed_adfs_directory()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded Wingtip AD FS: {counts['users']} users, {counts['clients']} clients."
            )
        )
