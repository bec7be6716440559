"""Cover photos and logos in the sizes and formats each page needs, built on django-pictures.

A host's upload is cleaned once (`gorently.images`: re-encoded, metadata-free, at most 2400 px)
and stored under a name made from its content, `properties/covers/cover-<sha256>.jpg`. After the
upload commits, a background task (`properties.tasks.make_picture_variants`) writes its variants
next to it, one per width and format: `properties/covers/cover-<sha256>/800w.avif`. A name is never
used for other bytes, so every file under MEDIA_URL can be cached for a year as immutable.

Until the task has run, a field's variants are not "ready" (`<field>_variants_of` names the file
whose variants exist): host pages show the stored file meanwhile, guest pages show no picture.
A new upload, a cleared field or a deleted row removes the old file and its variants.
"""

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete, post_init
from django.utils.module_loading import import_string
from pictures import conf
from pictures.models import PictureField, PictureFieldFile, PillowPicture
from PIL import Image

logger = logging.getLogger(__name__)

# Encoder settings per format: small files that still look sharp on a phone's screen.
ENCODING = {
    "AVIF": {"quality": 50, "speed": 6},
    "WEBP": {"quality": 75, "method": 4},
    "JPEG": {"quality": 78, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}
CONTENT_TYPES = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


class Variant(PillowPicture):
    """One width of a picture in one format, encoded for the web (settings: PICTURES["PICTURE_CLASS"])."""

    @staticmethod
    def pre_process(image):
        # The stored file is already upright and without an ICC profile (gorently.images): keep its
        # pixels, with an alpha channel only when it has transparency (a logo), so photos stay small.
        image.load()
        has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
        return image.convert("RGBA" if has_alpha else "RGB")

    def save(self, image):
        with io.BytesIO() as buffer:
            self.resize(image).save(buffer, format=self.file_type, **ENCODING[self.file_type])
            self.storage.delete(self.name)  # a half-written file from an interrupted run
            self.storage.save(self.name, ContentFile(buffer.getvalue()))

    @property
    def content_type(self):
        return CONTENT_TYPES[self.file_type]


class SizedPictureFieldFile(PictureFieldFile):
    """The stored picture, its variants and what a template needs to offer them."""

    @staticmethod
    def get_picture_files(*, file_name, img_width, img_height, storage, field):
        # The field's widths that are smaller than the picture, and the picture's own width up to the
        # largest: never enlarged, and even a tiny logo gets a variant in every format.
        picture_class = import_string(conf.app_settings.PICTURE_CLASS)
        widths = {w for w in field.widths if w < img_width} | {min(img_width, max(field.widths))}
        return {
            None: {
                file_type: {w: picture_class(file_name, file_type, None, storage, w) for w in sorted(widths)}
                for file_type in field.file_types
            }
        }

    @property
    def variants_ready(self):
        return bool(self) and getattr(self.instance, self.field.variants_field, "") == self.name

    def variants(self, file_type):
        """{width: Variant} of one format, narrowest first."""
        return self.aspect_ratios[None][file_type]

    def srcset(self, file_type):
        return ", ".join(f"{picture.url} {width}w" for width, picture in self.variants(file_type).items())

    def variant_url(self, min_width, file_type=None):
        """The narrowest variant at least `min_width` pixels wide (else the widest) of a format (else the fallback)."""
        variants = self.variants(file_type or self.field.fallback_type)
        for width, picture in variants.items():
            if width >= min_width:
                return picture.url
        return list(variants.values())[-1].url

    def sources(self):
        """(content type, srcset) of the modern formats, best first, for `<source>` elements."""
        return [(CONTENT_TYPES[t], self.srcset(t)) for t in self.field.file_types if t != self.field.fallback_type]


class SizedPictureField(PictureField):
    """A PictureField with explicit widths, a readiness marker and clean-up of replaced files.

    `widths`: the variants to make (never wider than the picture); `file_types`: their formats, the
    last being the fallback every browser shows (JPEG, or PNG for transparency); `variants_field`:
    a CharField naming the file whose variants exist.
    """

    attr_class = SizedPictureFieldFile

    def __init__(self, *args, widths=(), variants_field=None, **kwargs):
        self.widths = list(widths)
        self.variants_field = variants_field
        super().__init__(*args, **kwargs)

    @property
    def fallback_type(self):
        return self.file_types[-1]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for unused in ("aspect_ratios", "container_width", "grid_columns", "pixel_densities", "breakpoints"):
            kwargs.pop(unused, None)  # django-pictures' grid: `widths` replaces it here
        return name, path, args, {**kwargs, "widths": self.widths, "variants_field": self.variants_field}

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_stored, sender=cls)
            post_delete.connect(self._forget_deleted, sender=cls)

    # --- Replaced and deleted files go, with their variants (after the change commits) -------------

    @property
    def _stored_key(self):
        return f"_stored_{self.attname}"

    def _remember_stored(self, instance, **kwargs):
        file = instance.__dict__.get(self.attname)
        name = getattr(file, "name", file) or ""
        instance.__dict__[self._stored_key] = (name, self._dimensions(instance))

    def _dimensions(self, instance):
        return (
            instance.__dict__.get(self.width_field) if self.width_field else None,
            instance.__dict__.get(self.height_field) if self.height_field else None,
        )

    def pre_save(self, instance, add):
        file = super().pre_save(instance, add)  # a new upload is written here and its variants queued
        old_name, old_size = instance.__dict__.get(self._stored_key) or ("", (None, None))
        if old_name and old_name != file.name:
            self._remove_later(instance, old_name, old_size)
        instance.__dict__[self._stored_key] = (file.name or "", self._dimensions(instance))
        return file

    def _forget_deleted(self, instance, **kwargs):
        name, size = instance.__dict__.get(self._stored_key) or ("", (None, None))
        if name:
            self._remove_later(instance, name, size)

    def _remove_later(self, instance, name, size):
        width, height = size
        old = []
        if width and height:
            pictures = self.attr_class.get_picture_files(
                file_name=name, img_width=width, img_height=height, storage=self.storage, field=self
            )
            old = [p.deconstruct() for by_type in pictures[None].values() for p in by_type.values()]
        storage = self.storage.deconstruct()
        sender = (instance._meta.app_label, instance._meta.model_name, self.name)
        # Not a picture processor call: it deletes the original too, which django-pictures never does.
        from properties.tasks import remove_picture

        transaction.on_commit(
            lambda: remove_picture.enqueue(storage=storage, file_name=name, sender=sender, variants=old)
        )


def queue_picture_variants(*, storage, file_name, sender, new=None, old=None):
    """django-pictures' processor (settings: PICTURES["PROCESSOR"]): the work runs in a task once the upload commits."""
    from properties.tasks import make_picture_variants

    new, old = list(new or []), list(old or [])
    transaction.on_commit(
        lambda: make_picture_variants.enqueue(storage=storage, file_name=file_name, sender=sender, new=new, old=old)
    )


def open_for_variants(storage, file_name):
    """The stored picture decoded once, ready to be resized into each variant."""
    with storage.open(file_name) as stored, Image.open(stored) as image:
        return Variant.pre_process(image)
