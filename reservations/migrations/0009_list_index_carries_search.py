"""The list's arrival index carries `search_text` (PostgreSQL; SQLite builds it without), so that a search
in the default order finds its page in the index alone (bench/RESULTS.md)."""

from django.db import migrations, models


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
    ]
