"""The account's check-in forms, as the builder shows them (GET /api/v1/checkin-forms/ and /{id}/).

A form's fields are what guests starting a check-in now answer; each check-in keeps the version it was
started with (`version`: the latest one frozen so far). Texts come in every language the host wrote.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers

from accounts.api_base import AccountViewSet
from gorently.api import ID, ID_SCHEMA, Filters
from reservations.checkin.models import CheckinForm, FormField
from reservations.checkin.selectors import forms_with_fields, properties_by_form

TRANSLATIONS = "By language code: `en` always, other languages where the host wrote them."


class FormOptionSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What an answer stores.", read_only=True)
    label = serializers.DictField(child=serializers.CharField(), help_text=TRANSLATIONS, read_only=True)


class FormPropertySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class FormFieldSerializer(serializers.ModelSerializer):
    label = serializers.DictField(
        child=serializers.CharField(), help_text=f"The question. {TRANSLATIONS}", read_only=True
    )
    help_text = serializers.DictField(
        child=serializers.CharField(), help_text=f"A hint under it. {TRANSLATIONS}", read_only=True
    )
    options = FormOptionSerializer(
        many=True, read_only=True, help_text="The choices of a single or multiple choice field."
    )
    identity_data = serializers.SerializerMethodField(
        help_text="Deleted with the identity documents after the retention period (document fields always are).",
    )

    class Meta:
        model = FormField
        fields = ["id", "key", "type", "scope", "label", "help_text", "required", "options", "identity_data"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_identity_data(self, field):
        return field.spec().sensitive


class CheckinFormSerializer(serializers.ModelSerializer):
    is_default = serializers.BooleanField(
        help_text="Asked at every property without a form of its own.", read_only=True
    )
    properties = serializers.SerializerMethodField(
        help_text="The properties whose guests answer it (those you see, archived ones left out).",
    )
    version = serializers.SerializerMethodField(
        help_text="The latest version guests have answered; null before the first check-in with it.",
    )
    changed_since_version = serializers.SerializerMethodField(
        help_text="The fields were changed after `version`: the next check-in started freezes a new version.",
    )
    fields = FormFieldSerializer(many=True, help_text="In the order guests are asked.", read_only=True)

    class Meta:
        model = CheckinForm
        fields = ["id", "name", "is_default", "properties", "version", "changed_since_version", "fields", "updated_at"]
        read_only_fields = fields

    def _users(self):
        if "users" not in self.context:  # one query for the whole page
            self.context["users"] = properties_by_form(self.context["view"].actor)
        return self.context["users"]

    @extend_schema_field(FormPropertySerializer(many=True))
    def get_properties(self, form):
        users = self._users()
        named = users.get(form.pk, []) + (users.get(None, []) if form.is_default else [])
        return [{"id": pk, "name": name} for pk, name in sorted(named, key=lambda user: (user[1], user[0]))]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_version(self, form):
        return form.latest_versions[0].number if form.latest_versions else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_changed_since_version(self, form):
        if not form.latest_versions:
            return False
        return form.latest_versions[0].schema != [field.spec().as_dict() for field in form.fields.all()]


class TrueOrFalse(forms.NullBooleanField):
    """`true` or `false` (`1`, `0`); anything else is invalid rather than ignored (django-filter's default)."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError(_("Use true or false."), code="invalid")
        return self.VALUES[str(value).lower()]


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = TrueOrFalse


class FormFilter(django_filters.FilterSet):
    is_default = StrictBooleanFilter(help_text="`true`: only the default form; `false`: the others.")


EXAMPLE = {
    "id": 3,
    "name": "Standard check-in",
    "is_default": True,
    "properties": [{"id": 12, "name": "Old Town Loft"}, {"id": 11, "name": "Villa Mar"}],
    "version": 4,
    "changed_since_version": False,
    "fields": [
        {
            "id": 31,
            "key": "nationality",
            "type": "country",
            "scope": "every_guest",
            "label": {"en": "Nationality", "es": "Nacionalidad"},
            "help_text": {},
            "required": True,
            "options": [],
            "identity_data": False,
        },
        {
            "id": 33,
            "key": "document_type",
            "type": "choice",
            "scope": "every_guest",
            "label": {"en": "Document type", "es": "Tipo de documento"},
            "help_text": {},
            "required": True,
            "options": [
                {"value": "passport", "label": {"en": "Passport", "es": "Pasaporte"}},
                {"value": "id_card", "label": {"en": "National ID card", "es": "DNI"}},
            ],
            "identity_data": False,
        },
        {
            "id": 34,
            "key": "document_number",
            "type": "text",
            "scope": "every_guest",
            "label": {"en": "Document number", "es": "Número de documento"},
            "help_text": {"en": "As printed on the document."},
            "required": True,
            "options": [],
            "identity_data": True,
        },
    ],
    "updated_at": "2026-10-02T08:41:17Z",
}
ABOUT = (
    "`fields` are what a guest starting a check-in now is asked, in order; a check-in keeps the version it "
    "started with (see a check-in's `form_version`). `properties` lists the properties you see whose guests "
    "answer the form: the default form's are also those without a form of their own."
)


@extend_schema_view(
    list=extend_schema(
        summary="List the check-in forms",
        description=f"The account's check-in forms, each with its fields. {ABOUT}",
        examples=[OpenApiExample("The default form", value=EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Read a check-in form",
        description=f"One of the account's check-in forms with its fields. {ABOUT}",
        parameters=[OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH, description="The form's id.")],
        examples=[OpenApiExample("The default form", value=EXAMPLE, response_only=True)],
    ),
)
class CheckinFormViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = CheckinFormSerializer
    filterset_class = FormFilter
    queryset = CheckinForm.objects.none()
    lookup_value_regex = ID
    filter_backends = [Filters]  # the cursor's order (-id), always

    def rows(self):
        return forms_with_fields(self.actor)
