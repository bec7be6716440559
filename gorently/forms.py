from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.template.backends.jinja2 import Jinja2 as Jinja2Backend
from django.utils.functional import cached_property

LARGEST_ID = 2**63 - 1


def error_text(error):
    """A ValidationError's messages as one line, for a message banner."""
    return " ".join(error.messages)


def add_service_errors(form, error):
    """Show a service's ValidationError on the form: at its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
    return form


class FormRenderer(TemplatesSetting):
    """Project-wide form markup: label above, hint, error linked by aria-describedby (GOV.UK style)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    # Django's own form templates (widgets such as a select of 600 time zones, labels, error lists)
    # render from its Jinja2 copies: the same markup, in half the time or less. The project's own
    # (forms/…) stay Django templates.
    builtin_templates = "django/forms/"

    # Where the project writes one of them faster (gorently/widgets/: the select), its copy comes first.
    faster_widgets = Path(__file__).resolve().parent / "widgets"

    @cached_property
    def widget_engine(self):
        builtin = Path(forms.__file__).parent / Jinja2Backend.app_dirname
        return Jinja2Backend(
            {"APP_DIRS": False, "DIRS": [self.faster_widgets, builtin], "NAME": "widgets", "OPTIONS": {}}
        )

    def get_template(self, template_name):
        if template_name.startswith(self.builtin_templates):
            return self.widget_engine.get_template(template_name)
        return super().get_template(template_name)


class RowsField(forms.ModelMultipleChoiceField):
    """Several rows picked by id; an id too large for the database is an unknown choice.

    Django asks the database about every submitted id, and SQLite raises
    OverflowError on an integer wider than 64 bits instead of finding nothing.
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                too_large = abs(int(pk)) > LARGEST_ID
            except (TypeError, ValueError):
                continue  # not a number at all: Django's own check explains it
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)
