"""The check-in models' tables take the app's name; content types (and so admin permissions) follow them."""

from django.db import migrations

MOVED = {
    "properties": ["checkinform", "formfield", "formversion"],
    "reservations": ["checkinsubmission", "guestdocument"],
}


def move_content_types(apps, schema_editor, *, forwards=True):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for old_app, models in MOVED.items():
        source, target = (old_app, "checkin") if forwards else ("checkin", old_app)
        if not content_types.filter(app_label=target, model__in=models).exists():
            content_types.filter(app_label=source, model__in=models).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("properties", "0005_move_checkin_forms_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="checkinform", table=None),
        migrations.AlterModelTable(name="formfield", table=None),
        migrations.AlterModelTable(name="formversion", table=None),
        migrations.AlterModelTable(name="checkinsubmission", table=None),
        migrations.AlterModelTable(name="guestdocument", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
