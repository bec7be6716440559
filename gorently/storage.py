"""Private file storage for guest documents: never served under a public URL.

`STORAGES["private"]` is local disk outside MEDIA_ROOT (no base URL) or a private
S3 bucket. What is stored there is encrypted (gorently/encrypted_files.py); the app
reads, decrypts and sends it through a permission-checked view.
"""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk storage whose files have no URL (FileSystemStorage would fall back to MEDIA_URL)."""

    def url(self, name):
        raise ValueError("Private files are not accessible via a URL: link to the permission-checked view.")


class PrivateStorage(LazyObject):
    """`storages["private"]`, looked up on first use, and again after STORAGES changes.

    A FileField calls a callable storage once, when the model class is built; this
    proxy keeps the choice of backend to settings at runtime (and to tests).
    """

    def _setup(self):
        self._wrapped = storages["private"]


private_media = PrivateStorage()


def private_storage():
    # A callable, so migrations record this function rather than a backend: they stay stable.
    return private_media


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_media._wrapped = empty
