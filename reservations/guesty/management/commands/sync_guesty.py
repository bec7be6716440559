"""`manage.py sync_guesty --account SLUG [--full]`: a Guesty sync in the foreground, as the scheduler runs it."""

from django.core.management.base import BaseCommand, CommandError

from reservations.guesty.management.commands._terminal import account, run_in_foreground
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncKind


class Command(BaseCommand):
    help = "Sync an account's Guesty reservations now: changes since the last check, or everything with --full."

    def add_arguments(self, parser):
        parser.add_argument("--account", required=True, help="The host account's slug.")
        parser.add_argument("--full", action="store_true", help="Import every reservation again (the full import).")

    def handle(self, *args, **options):
        organization = account(options["account"])
        connection = GuestyConnection.objects.filter(organization=organization).first()
        if connection is None or connection.status != ConnectionStatus.CONNECTED:
            raise CommandError("This account's Guesty connection is not working: run guesty_connect first.")
        run_in_foreground(
            self, organization=organization, kind=SyncKind.BACKFILL if options["full"] else SyncKind.RECONCILE
        )
