"""Key rotation for encrypted fields: after `reencrypt_fields`, the newest key alone reads everything."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from properties.models import Property

pytestmark = pytest.mark.django_db


def stored(column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM properties_property WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_so_the_old_key_can_be_dropped(cast, settings):
    old, new = settings.FIELD_ENCRYPTION_KEY[0], Fernet.generate_key().decode()
    cast.villa.door_code = "4821#"
    cast.villa.save()
    before = stored("door_code", cast.villa.pk)

    settings.FIELD_ENCRYPTION_KEY = [new, old]
    call_command("reencrypt_fields", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEY = [new]

    assert stored("door_code", cast.villa.pk) != before
    assert Property.objects.get(pk=cast.villa.pk).door_code == "4821#"


def test_a_dry_run_changes_nothing(cast, settings):
    cast.villa.door_code = "4821#"
    cast.villa.save()
    before = stored("door_code", cast.villa.pk)
    settings.FIELD_ENCRYPTION_KEY = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEY]

    call_command("reencrypt_fields", "--dry-run", stdout=io.StringIO())

    assert stored("door_code", cast.villa.pk) == before
