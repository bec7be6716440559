"""Check-in forms now belong to the `checkin` app (see checkin 0001): state only, tables and data kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0001_initial"),
        ("properties", "0004_guide"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="property",
                    name="checkin_form",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Leave empty to use your default form.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="properties",
                        to="checkin.checkinform",
                        verbose_name="check-in form",
                    ),
                ),
                migrations.RemoveConstraint(model_name="checkinform", name="one_default_checkin_form"),
                migrations.RemoveConstraint(model_name="formfield", name="unique_field_key_per_form"),
                migrations.RemoveConstraint(model_name="formversion", name="unique_form_version"),
                migrations.RemoveField(model_name="checkinform", name="organization"),
                migrations.RemoveField(model_name="formversion", name="form"),
                migrations.DeleteModel(name="FormField"),
                migrations.DeleteModel(name="CheckinForm"),
                migrations.DeleteModel(name="FormVersion"),
            ],
        ),
    ]
