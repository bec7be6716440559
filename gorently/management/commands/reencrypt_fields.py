"""Re-encrypt every encrypted database field with the newest FIELD_ENCRYPTION_KEY (key rotation).

    python manage.py reencrypt_fields [--dry-run]

Put the new key first in FIELD_ENCRYPTION_KEY and keep the old one after it, run this
(and `encrypt_guest_documents --rotate` for the document files), then drop the old key.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from gorently.fields import EncryptedTextField

BATCH = 500


def encrypted_fields():
    """(model, [field names]) for every model with encrypted fields, whichever app it is in."""
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "Re-encrypt every encrypted database field with the newest FIELD_ENCRYPTION_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Read everything, write nothing.")

    def handle(self, *args, dry_run=False, **options):
        for model, names in encrypted_fields():
            count = 0
            rows = model._base_manager.only("pk", *names).order_by("pk")
            last = None
            while True:
                batch = list((rows.filter(pk__gt=last) if last is not None else rows)[:BATCH])
                if not batch:
                    break
                last = batch[-1].pk
                if not dry_run:
                    with transaction.atomic():
                        # Reading decrypted with any configured key; writing encrypts with the first.
                        model._base_manager.bulk_update(batch, names)
                count += len(batch)
            verb = "would re-encrypt" if dry_run else "re-encrypted"
            self.stdout.write(f"{model._meta.label}: {verb} {', '.join(names)} of {count} row(s).")
