"""Private file storage for guest documents: never served under a public URL."""

from django.core.files.storage import storages


def private_storage():
    # A callable, so the storage is chosen by settings at runtime (local disk or S3) and migrations stay stable.
    return storages["private"]
