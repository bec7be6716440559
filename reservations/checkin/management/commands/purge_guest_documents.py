"""Delete guests' identity documents and sensitive answers past the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reservations.checkin.services.retention import purge_expired_documents


class Command(BaseCommand):
    help = (
        "Delete identity documents and sensitive check-in answers of stays that checked out "
        "more than GUEST_DOCUMENT_RETENTION_DAYS days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be purged.")

    def handle(self, *args, dry_run=False, **options):
        purges = purge_expired_documents(dry_run=dry_run)
        verb = "Would purge" if dry_run else "Purged"
        for purge in purges:
            self.stdout.write(
                f"{verb} {purge.confirmation_code}: {purge.documents} document(s), "
                f"{purge.answers} sensitive answer(s); {purge.signatures_kept} signature(s) kept"
            )
        days = settings.GUEST_DOCUMENT_RETENTION_DAYS
        summary = f"{verb} {len(purges)} check-in(s) past the {days}-day retention period."
        self.stdout.write(self.style.SUCCESS(summary) if purges else summary)
