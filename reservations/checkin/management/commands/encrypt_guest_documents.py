"""Encrypt guest documents stored before encryption; with --rotate, also re-encrypt with the newest key.

    python manage.py encrypt_guest_documents            # plain files -> encrypted (after the upgrade)
    python manage.py encrypt_guest_documents --rotate   # and every file -> the newest key (after adding one)
    python manage.py encrypt_guest_documents --dry-run  # read and check everything, change nothing

Rows are walked in primary-key order, `--batch-size` at a time; the storage is
never listed. Each file is read, encrypted (or re-encrypted) and written under
a *new* random name; then the row is pointed at it with a conditional UPDATE
(only if it still names the old file); then the old file is deleted. So a row
never names a missing or half-written file at any moment, on local disk and on
S3 alike (S3 has no atomic rename, and overwriting in place would leave the row's
`encrypted` flag wrong until the row is saved). If the row changed meanwhile (a
guest replaced the document, the purge deleted it), the new file is deleted and
the row is left alone.

Safe to re-run and to interrupt: only rows with `encrypted=False` are encrypted,
and `--rotate` skips files already written with the newest key. Were the process
killed between saving a row and deleting its old file, that old file is left
behind without a row; a failed delete is reported with the file's name.

Rows whose file is missing are reported and skipped. A file that no configured
key decrypts is reported, and the command then exits with an error: a key was
removed from FIELD_ENCRYPTION_KEY before the files it wrote were rotated.
"""

from collections import Counter

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from gorently import encrypted_files
from reservations.checkin.models import GuestDocument, document_path

ENCRYPTED, ROTATED, CURRENT, MISSING, UNREADABLE, CHANGED, LEFT_BEHIND = (
    "encrypted",
    "rotated",
    "current",
    "missing",
    "unreadable",
    "changed",
    "left behind",
)


class Command(BaseCommand):
    help = (
        "Encrypt guest documents stored before encryption with FIELD_ENCRYPTION_KEY; with --rotate, also "
        "re-encrypt encrypted ones with the newest key. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rotate", action="store_true", help="Also re-encrypt encrypted files not written with the newest key."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and check every file; change nothing.")
        parser.add_argument("--batch-size", type=int, default=100, help="Rows loaded at a time (default 100).")

    def handle(self, *args, rotate=False, dry_run=False, batch_size=100, verbosity=1, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.dry_run, self.verbosity = dry_run, verbosity
        counts = Counter()
        for document in _documents(GuestDocument.objects.filter(encrypted=False), batch_size):
            counts[self._process(document)] += 1
        if rotate:
            for document in _documents(GuestDocument.objects.filter(encrypted=True), batch_size):
                counts[self._process(document)] += 1
        self._summarise(counts, rotate)
        if counts[UNREADABLE]:
            raise CommandError(
                f"{counts[UNREADABLE]} file(s) cannot be decrypted with any key in FIELD_ENCRYPTION_KEY "
                "(listed above): put back the key that wrote them, then run with --rotate."
            )

    def _process(self, document):
        storage, old_name = document.file.storage, document.file.name
        try:
            data = encrypted_files.read(storage, old_name)
        except FileNotFoundError:
            self.stderr.write(f"Document {document.pk}: file {old_name} is missing; skipped.")
            return MISSING
        if not document.encrypted:
            outcome, token = ENCRYPTED, encrypted_files.encrypt(data)
        elif encrypted_files.is_current(data):
            return CURRENT
        else:
            try:
                outcome, token = ROTATED, encrypted_files.rotate(data)
            except encrypted_files.UnreadableFile:
                self.stderr.write(f"Document {document.pk}: file {old_name} cannot be decrypted with any key.")
                return UNREADABLE
        if self.dry_run:
            return outcome
        new_name = storage.save(document_path(document, old_name), ContentFile(token))
        saved = GuestDocument.objects.filter(pk=document.pk, file=old_name, encrypted=document.encrypted).update(
            file=new_name, encrypted=True
        )
        if not saved:
            storage.delete(new_name)
            return CHANGED
        if self.verbosity >= 2:
            self.stdout.write(f"Document {document.pk}: {old_name} -> {new_name} ({outcome}).")
        try:
            storage.delete(old_name)
        except Exception as error:  # The row is saved and names the new file: the old one is only left behind.
            self.stderr.write(f"Document {document.pk}: could not delete the old file {old_name}: {error}")
            return LEFT_BEHIND
        return outcome

    def _summarise(self, counts, rotate):
        would = "Would encrypt" if self.dry_run else "Encrypted"
        parts = [f"{would} {counts[ENCRYPTED]} plain file(s)"]
        if rotate:
            parts.append(
                f"{'would re-encrypt' if self.dry_run else 're-encrypted'} {counts[ROTATED]} with the newest key, "
                f"{counts[CURRENT]} already with it"
            )
        for outcome, text in (
            (MISSING, "missing (skipped)"),
            (UNREADABLE, "unreadable (skipped)"),
            (CHANGED, "changed meanwhile (skipped)"),
            (LEFT_BEHIND, "encrypted but their old file left behind"),
        ):
            if counts[outcome]:
                parts.append(f"{counts[outcome]} {text}")
        summary = "; ".join(parts) + "."
        done = counts[ENCRYPTED] + counts[ROTATED]
        self.stdout.write(self.style.SUCCESS(summary) if done and not self.dry_run else summary)


def _documents(queryset, batch_size):
    """The rows of `queryset` in primary-key order, `batch_size` per query (keyset pagination)."""
    queryset = queryset.only("pk", "organization_id", "file", "encrypted").order_by("pk")
    last = 0
    while batch := list(queryset.filter(pk__gt=last)[:batch_size]):
        yield from batch
        last = batch[-1].pk
