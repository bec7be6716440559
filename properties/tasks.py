"""Background work for properties: the sized variants of cover photos and logos (properties.pictures)."""

import logging

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.tasks import task
from pictures.utils import reconstruct
from PIL import UnidentifiedImageError

from properties.pictures import open_for_variants

logger = logging.getLogger(__name__)


def _field(sender):
    app_label, model_name, field_name = sender
    try:
        return apps.get_model(app_label, model_name)._meta.get_field(field_name)
    except (LookupError, FieldDoesNotExist):
        return None


@task()
def make_picture_variants(*, storage, file_name, sender, new, old):
    """Write a stored picture's variants (`new`), delete obsolete ones (`old`), then mark the row's variants ready.

    Arguments are django-pictures' processor arguments, deconstructed so they travel as JSON.
    """
    storage = reconstruct(*storage)
    if new:
        try:
            image = open_for_variants(storage, file_name)
        except (FileNotFoundError, UnidentifiedImageError, OSError):
            # Replaced or deleted before this ran (its removal deletes what was written), or unreadable.
            logger.warning("No variants made for %s: the stored picture cannot be read.", file_name)
            return
        for picture in new:
            reconstruct(*picture).save(image)
    for picture in old:
        reconstruct(*picture).delete()
    field = _field(sender)
    if new and field is not None and getattr(field, "variants_field", None):
        # Only while a row still shows this picture: an older task never marks a newer upload.
        marked = field.model._default_manager.filter(**{field.name: file_name}).update(
            **{field.variants_field: file_name}
        )
        if not marked:  # replaced while this ran, and its removal found nothing yet to delete
            for picture in new:
                reconstruct(*picture).delete()


@task()
def remove_picture(*, storage, file_name, sender, variants):
    """Delete a replaced or cleared picture and its variants, unless a row still shows it."""
    field = _field(sender)
    if field is not None and field.model._default_manager.filter(**{field.name: file_name}).exists():
        return
    storage = reconstruct(*storage)
    for picture in variants:
        reconstruct(*picture).delete()
    storage.delete(file_name)
    try:
        storage.delete(file_name.rsplit(".", 1)[0])  # the variants' folder, now empty (on disk; a no-op in a bucket)
    except OSError:
        logger.warning("The variants' folder of %s is not empty; left in place.", file_name)
