"""Model fields whose values are encrypted at rest with FIELD_ENCRYPTION_KEY (Fernet).

Several keys may be configured, newest first: values are written with the first
and read with any, so keys can be rotated without a migration.
"""

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY must be url-safe base64 Fernet keys: {error}") from None


def fernet():
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEY))


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. Cannot be searched or ordered by the database."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return fernet().encrypt(self._serialise(value).encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return self._deserialise(fernet().decrypt(value.encode()).decode())
        except InvalidToken:
            raise ImproperlyConfigured(
                f"Cannot decrypt {self.model.__name__}.{self.name}: was it written with another FIELD_ENCRYPTION_KEY?"
            ) from None

    def _serialise(self, value):
        return str(value)

    def _deserialise(self, text):
        return text


class EncryptedJSONField(EncryptedTextField):
    """JSON (dicts, lists) stored encrypted; the Python value is the decoded structure."""

    def _serialise(self, value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def _deserialise(self, text):
        return json.loads(text)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value):
        # Bypass TextField's str() coercion: the structure is serialised as JSON.
        if value is None:
            return None
        return fernet().encrypt(self._serialise(value).encode()).decode()
