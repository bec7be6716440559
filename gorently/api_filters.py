"""The API's query filters, typed and strict: a value that is not one (`?status=lost`, `?order=1.5`, a time past
the year 9999 in UTC) is a 400 naming the parameter, never a filter silently left out, nor a 500. An empty value
is refused by the backend (gorently.api.Filters)."""

from datetime import UTC

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from gorently.api import ID_SCHEMA, MAX_ID


class _Moment(IsoDateTimeField):
    def to_python(self, value):
        moment = super().to_python(value)
        try:
            # In UTC: PostgreSQL refuses offsets past ±15:59 that ISO 8601 and Python allow (up to ±23:59).
            return moment and moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError(_("Enter a time in the years 1 to 9999 (UTC)."), code="invalid") from None


class _Boolean(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "True", "1"):
            return True
        if value in ("false", "False", "0"):
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    """A whole-number id: text, fractions and numbers past 64 bits are a 400, not a query."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class MomentFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 time that exists in UTC too: 9999-12-31T23:59-05:00 is a 400, not an overflow; any offset."""

    field_class = _Moment


class BooleanFilter(django_filters.BooleanFilter):
    field_class = _Boolean
