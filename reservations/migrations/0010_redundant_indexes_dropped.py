"""Two indexes of the reservations table that no query needs (bench/RESULTS.md):

- the account's own index: every list index starts with the account, and a count within it now reads the
  arrival index, which carries the search column, without reading the table;
- the LIKE-ready copy of the portal token's unique index (varchar_pattern_ops), which PostgreSQL builds
  for a unique=True CharField: the token stays unique by a constraint, whose index alone is kept.

Dropping the first re-adds the foreign key, which PostgreSQL checks against every row once.
"""

import django.db.models.deletion
import reservations.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_api_keys"),
        ("properties", "0008_property_contact"),
        ("reservations", "0009_list_index_carries_search"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reservation",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reservations",
                to="accounts.organization",
            ),
        ),
        migrations.AlterField(
            model_name="reservation",
            name="portal_token",
            field=models.CharField(default=reservations.models.new_portal_token, editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="reservation",
            constraint=models.UniqueConstraint(fields=("portal_token",), name="unique_portal_token"),
        ),
    ]
