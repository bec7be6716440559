"""The list's search, planned for its term (bench/RESULTS.md):

- the arrival index carries `search_text` (PostgreSQL; SQLite builds it without), so that a search in
  the default order finds its page in the index alone;
- PostgreSQL samples `search_text` ten times more widely. It guesses how many stays a term matches from
  its sample; with the default one, "silva" (6,500 of 200,000) was guessed at anything from 2,000 to
  10,000, and at the low guesses it read every match in the table through the trigram index (25 ms)
  instead of walking the account's stays in order (0.3 ms).
"""

from django.db import migrations, models

TABLE = "reservations_reservation"


def sample_widely(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STATISTICS 1000")


def sample_as_by_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_api_keys"),
        ("properties", "0008_property_contact"),
        ("reservations", "0008_search_text"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="reservation",
            name="reservation_org_arrival",
        ),
        migrations.AddIndex(
            model_name="reservation",
            index=models.Index(
                fields=["organization", "check_in", "id"], include=("search_text",), name="reservation_org_arrival"
            ),
        ),
        migrations.RunPython(sample_widely, sample_as_by_default),
    ]
