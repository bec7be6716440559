"""`manage.py guesty_connect --account SLUG --client-id ID --client-secret SECRET [--import-listings all]`."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Membership
from accounts.permissions import Role
from reservations.guesty.management.commands._terminal import account, run_in_foreground
from reservations.guesty.models import GuestyListing, SyncKind
from reservations.guesty.services.connection import connect
from reservations.guesty.services.listings import import_listings


class Command(BaseCommand):
    help = "Store and check an account's Guesty credentials, as the integration page does; optionally import listings."

    def add_arguments(self, parser):
        parser.add_argument("--account", required=True, help="The host account's slug.")
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument(
            "--import-listings",
            choices=["all", "none"],
            default="none",
            help="all: import every listing as a property (or update the one linked to it), then its reservations.",
        )

    def handle(self, *args, **options):
        organization = account(options["account"])
        # The account's owner is the actor, as when they connect from the integration page.
        owner = Membership.objects.filter(organization=organization, role=Role.OWNER).order_by("pk").first()
        if owner is None:
            raise CommandError("This account has no owner to act as.")
        # connect() queues the check as the page does; the terminal claims that run and waits for it.
        connection = connect(actor=owner, client_id=options["client_id"], client_secret=options["client_secret"])
        run_in_foreground(self, organization=organization, kind=SyncKind.CONNECT)
        connection.refresh_from_db()
        self.stdout.write(f"Connected to Guesty account {connection.account_id or '(unknown)'}.")
        if options["import_listings"] == "all":
            ids = list(GuestyListing.objects.filter(organization=organization).values_list("listing_id", flat=True))
            properties = import_listings(actor=owner, listing_ids=ids)
            self.stdout.write(f"{len(properties)} listings imported or updated.")
            run_in_foreground(self, organization=organization, kind=SyncKind.BACKFILL)
