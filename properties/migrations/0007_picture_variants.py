"""Cover photos and logos get sized variants (properties.pictures): their dimensions, a readiness marker,
and, for pictures stored before, their dimensions read and their variants queued."""

from django.db import migrations, models

import properties.pictures


def _queue_variants(apps, model_name, field_name):
    from PIL import Image, UnidentifiedImageError

    from properties.pictures import queue_picture_variants

    model = apps.get_model("properties", model_name)
    field = model._meta.get_field(field_name)
    for row in model._default_manager.exclude(**{field_name: ""}).iterator():
        file = getattr(row, field_name)
        try:
            with file.storage.open(file.name) as stored, Image.open(stored) as image:
                width, height = image.size
        except (FileNotFoundError, UnidentifiedImageError, OSError):
            continue  # a missing or unreadable file: shown as before, without variants
        model._default_manager.filter(pk=row.pk).update(**{field.width_field: width, field.height_field: height})
        pictures = field.attr_class.get_picture_files(
            file_name=file.name, img_width=width, img_height=height, storage=file.storage, field=field
        )
        queue_picture_variants(
            storage=file.storage.deconstruct(),
            file_name=file.name,
            sender=("properties", model_name.lower(), field_name),
            new=[p.deconstruct() for by_type in pictures[None].values() for p in by_type.values()],
        )


def queue_existing(apps, schema_editor):
    _queue_variants(apps, "Property", "cover_photo")
    _queue_variants(apps, "Brand", "logo")


class Migration(migrations.Migration):
    dependencies = [
        ("properties", "0006_secrets_days_after_checkout"),
    ]

    operations = [
        migrations.AddField(
            model_name="brand",
            name="logo_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="brand",
            name="logo_variants_of",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="brand",
            name="logo_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="property",
            name="cover_photo_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="property",
            name="cover_photo_variants_of",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="property",
            name="cover_photo_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="brand",
            name="logo",
            field=properties.pictures.SizedPictureField(
                blank=True,
                file_types=["WEBP", "PNG"],
                height_field="logo_height",
                upload_to="brands/logos/",
                variants_field="logo_variants_of",
                verbose_name="logo",
                width_field="logo_width",
                widths=[160, 320, 480, 640],
            ),
        ),
        migrations.AlterField(
            model_name="property",
            name="cover_photo",
            field=properties.pictures.SizedPictureField(
                blank=True,
                file_types=["AVIF", "WEBP", "JPEG"],
                height_field="cover_photo_height",
                upload_to="properties/covers/",
                variants_field="cover_photo_variants_of",
                verbose_name="cover photo",
                width_field="cover_photo_width",
                widths=[100, 400, 800, 1200, 1600],
            ),
        ),
        migrations.RunPython(queue_existing, migrations.RunPython.noop, elidable=True),
    ]
