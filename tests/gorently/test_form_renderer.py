"""The project's form renderer: its own field and form markup, and Django's widgets and labels drawn by Jinja2."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.backends.jinja2 import Template as JinjaTemplate
from django.test.html import parse_html

from gorently.forms import FormRenderer


class EveryWidget(forms.Form):
    name = forms.CharField(initial="Zoë <b>")
    country = forms.ChoiceField(choices=[("es", "Spain"), ("fr", "France & co")], initial="fr")
    region = forms.ChoiceField(
        choices=[("", "Anywhere"), ("Spain", [("md", "Madrid"), ("vl", "València")]), ("France", [("pa", "Paris")])],
        initial="vl",
    )
    languages = forms.MultipleChoiceField(choices=[("en", "English"), ("es", "Español")], initial=["en", "es"])
    answered = forms.NullBooleanField(disabled=True)
    own_options = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select(attrs={"data-x": "y"}), required=False)
    arrival = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    extras = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    size = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect)
    agree = forms.BooleanField()
    notes = forms.CharField(widget=forms.Textarea)
    photo = forms.FileField()


@pytest.mark.parametrize("name", list(EveryWidget.base_fields))
def test_djangos_widgets_and_labels_render_the_same_markup_as_with_djangos_engine(name):
    field = EveryWidget(renderer=FormRenderer())[name]
    expected = EveryWidget(renderer=DjangoTemplates())[name]

    # The same elements, attributes and text; only the white space between tags differs.
    assert parse_html(field.as_widget()) == parse_html(expected.as_widget())
    assert parse_html(field.label_tag()) == parse_html(expected.label_tag())


def test_a_select_with_an_option_template_of_its_own_still_uses_it():
    class TickedSelect(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class Form(forms.Form):
        size = forms.ChoiceField(choices=[("1", "One")], widget=TickedSelect)

    field = Form(renderer=FormRenderer())["size"]

    assert parse_html(field.as_widget()) == parse_html(Form(renderer=DjangoTemplates())["size"].as_widget())
    assert "<option" not in field.as_widget()


def test_the_select_is_the_projects_copy_which_writes_its_options_in_place():
    template = FormRenderer().get_template("django/forms/widgets/select.html")

    assert template.origin.name.endswith("gorently/widgets/django/forms/widgets/select.html")


def test_djangos_form_templates_come_from_jinja2_and_the_projects_from_django():
    renderer = FormRenderer()

    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), JinjaTemplate)
    assert isinstance(renderer.get_template("django/forms/label.html"), JinjaTemplate)
    assert not isinstance(renderer.get_template(FormRenderer.field_template_name), JinjaTemplate)
    assert not isinstance(renderer.get_template("forms/widgets/image_picker.html"), JinjaTemplate)
