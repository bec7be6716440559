"""Files encrypted at rest with FIELD_ENCRYPTION_KEY: the stored file is one Fernet token.

The same keys as the encrypted model fields (gorently.fields), newest first:
files are written with the first key and read with any, so a new key can be put
in front without making stored files unreadable. `rotate` re-encrypts a token
with the newest key, so the old key can then be removed.

A whole file is encrypted at once (Fernet has no streaming mode): the file and
its token (base64, about 4/3 of the size) are held in memory together, which is
fine for files of a few tens of MB, such as identity documents. The token is
authenticated: a changed byte, or a file written with a key no longer
configured, is refused (`UnreadableFile`) rather than decrypted to garbage.
"""

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile

from gorently.fields import _fernet, fernet


class UnreadableFile(Exception):
    """The stored bytes are not a token that any configured key decrypts (wrong key, or damaged)."""


def encrypt(data):
    """The token of `data` (bytes), encrypted with the newest key."""
    return fernet().encrypt(data)


def decrypt(token):
    """The plaintext of `token`, decrypted with whichever configured key wrote it."""
    try:
        return fernet().decrypt(token)
    except InvalidToken:
        raise UnreadableFile("no key in FIELD_ENCRYPTION_KEY decrypts this file") from None


def is_current(token):
    """True when `token` was written with the newest key: rotating it would change nothing."""
    try:
        _fernet((settings.FIELD_ENCRYPTION_KEY[0],)).decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate(token):
    """`token` re-encrypted with the newest key (read with any configured key)."""
    try:
        return fernet().rotate(token)
    except InvalidToken:
        raise UnreadableFile("no key in FIELD_ENCRYPTION_KEY decrypts this file") from None


def encrypted_content(content):
    """A ContentFile holding the token of `content` (a File of the plaintext), under the same name."""
    content.seek(0)
    return ContentFile(encrypt(content.read()), name=content.name)


def read(storage, name):
    """The bytes stored under `name`. Raises FileNotFoundError when there is no such file."""
    with storage.open(name, "rb") as file:
        return file.read()
