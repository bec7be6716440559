"""Check-in form services: the frozen versions guests answer, and the builder's writes."""

import pytest
from django.core.exceptions import ValidationError

from reservations.checkin.models import CheckinForm, FormVersion
from reservations.checkin.services import forms as services
from reservations.checkin.standard_fields import DEFAULT_FORM_KEYS
from tests.factories import FormFieldFactory

pytestmark = pytest.mark.django_db


def test_a_new_host_account_form_has_every_standard_field(cast):
    assert list(cast.form.fields.values_list("key", flat=True)) == DEFAULT_FORM_KEYS
    assert cast.form.is_default


def test_ensuring_the_default_twice_makes_one_form(cast):
    default = cast.form

    assert services.ensure_default_form(cast.organization) is None
    assert list(CheckinForm.objects.filter(organization=cast.organization)) == [default]


def test_the_version_stays_the_same_while_the_fields_do(cast):
    first = services.current_version(cast.form)
    again = services.current_version(cast.form)

    assert first.number == 1
    assert again.pk == first.pk
    assert FormVersion.objects.filter(form=cast.form).count() == 1


def test_the_schema_is_the_fields_in_order(cast):
    version = services.current_version(cast.form)

    assert [spec["key"] for spec in version.schema] == DEFAULT_FORM_KEYS
    phone = next(spec for spec in version.schema if spec["key"] == "phone")
    assert phone["label"]["es"] == "Teléfono móvil"
    assert phone["scope"] == "main_guest"


def test_a_versions_typed_fields_are_read_once_and_cannot_be_changed(cast):
    version = services.current_version(cast.form)

    assert [spec.key for spec in version.specs] == DEFAULT_FORM_KEYS
    assert version.specs is version.specs  # a check-in step asks for them several times
    assert isinstance(version.specs, tuple)


@pytest.mark.parametrize(
    "change",
    [
        lambda m, form: services.update_field(actor=m, field=form.fields.get(key="email"), label={"en": "Your email"}),
        lambda m, form: services.move_field(actor=m, field=form.fields.get(key="email"), direction="up"),
        lambda m, form: services.remove_field(actor=m, field=form.fields.get(key="email")),
        lambda m, form: services.add_field(actor=m, form=form, key="pets", type="yesno", label={"en": "Pets?"}),
    ],
    ids=["edit", "move", "remove", "add"],
)
def test_a_change_to_the_fields_makes_a_new_version(cast, change):
    first = services.current_version(cast.form)

    change(cast.owner, cast.form)
    second = services.current_version(cast.form)

    assert second.number == 2
    assert second.pk != first.pk
    assert second.schema != first.schema


def test_an_earlier_version_is_unchanged_by_edits_and_removals(cast):
    form = cast.form
    first = services.current_version(form)
    schema_before = [dict(spec) for spec in first.schema]

    services.update_field(actor=cast.owner, field=form.fields.get(key="phone"), label={"en": "Cell"})
    services.remove_field(actor=cast.owner, field=form.fields.get(key="signature"))
    services.current_version(form)

    first.refresh_from_db()
    assert first.schema == schema_before
    assert "signature" in [spec["key"] for spec in first.schema]
    assert next(spec for spec in first.schema if spec["key"] == "phone")["label"]["en"] == "Mobile phone"


def test_versions_are_counted_per_form(cast):
    services.current_version(cast.form)
    copy = services.duplicate_form(actor=cast.owner, form=cast.form)

    assert services.current_version(copy).number == 1


def test_a_copy_is_a_separate_form_with_the_same_fields(cast):
    copy = services.duplicate_form(actor=cast.owner, form=cast.form)

    services.remove_field(actor=cast.owner, field=copy.fields.get(key="email"))

    assert cast.form.fields.filter(key="email").exists()
    assert copy.fields.count() == cast.form.fields.count() - 1
    assert copy.organization == cast.organization


def test_an_invalid_field_is_not_saved(cast):
    form = cast.form
    count = form.fields.count()

    with pytest.raises(ValidationError) as error:
        services.add_field(actor=cast.owner, form=form, key="Bad Key!", type="text", label={"en": "Bad"})

    assert "key" in error.value.error_dict
    assert form.fields.count() == count


def test_moving_the_first_field_up_changes_nothing(cast):
    form = cast.form
    first = FormFieldFactory(form=form, key="zzz", position=0)
    before = list(form.fields.order_by("position", "id").values_list("key", flat=True))
    assert before[0] == "zzz"

    services.move_field(actor=cast.owner, field=first, direction="up")

    assert list(form.fields.order_by("position", "id").values_list("key", flat=True)) == before
