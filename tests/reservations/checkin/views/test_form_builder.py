"""The check-in form builder: add, edit, reorder and remove fields, with a live preview of the guest's view.

Every action is a plain POST that redirects back to the builder; with htmx it
answers the `#fields` column and an out-of-band `#preview` instead.
"""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog
from reservations.checkin.models import CheckinForm, FormField
from tests.factories import FormFieldFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def form(cast):
    """An empty form of the cast's account, with three fields added by the tests that need them."""
    return CheckinForm.objects.create(organization=cast.organization, name="Short stays")


@pytest.fixture
def three(form):
    return [
        FormFieldFactory(form=form, key=key, position=position, label={"en": key.title()})
        for position, key in enumerate(["alpha", "beta", "gamma"], start=1)
    ]


def _url(name, form, field=None):
    return reverse(f"checkin:{name}", args=[form.pk] if field is None else [form.pk, field.pk])


def _keys(form):
    return list(form.fields.order_by("position", "id").values_list("key", flat=True))


def _custom(**overrides):
    data = {"type": "text", "key": "pet_names", "label_en": "Names of your pets", "scope": "reservation"}
    return data | {"required": "on"} | overrides


def _edit_data(field, **overrides):
    data = {
        "type": field.type,
        "key": field.key,
        "scope": field.scope,
        "label_en": field.label["en"],
        "max_file_mb": "10",
    }
    if field.required:
        data["required"] = "on"
    return data | overrides


# --- The page ---------------------------------------------------------------------


def test_shows_the_fields_in_order_the_standard_fields_left_and_a_preview(cast, client_for):
    form = cast.form
    form.fields.filter(key__in=["phone", "signature"]).delete()

    response = client_for(cast.owner).get(_url("form_builder", form))

    html = response.content.decode()
    assert html.index("First name") < html.index("Last name") < html.index("Rental agreement acceptance")
    assertContains(response, 'id="fields"')
    assertContains(response, 'id="preview"')
    assertContains(response, "+</span> Mobile phone")
    assertContains(response, "+</span> Signature")
    assertNotContains(response, "+</span> First name")
    assertContains(response, "Asked for every guest")
    assertContains(response, "Asked once per reservation")


def test_an_empty_form_says_how_to_start(form, cast, client_for):
    response = client_for(cast.owner).get(_url("form_builder", form))

    assertContains(response, "No fields yet")
    assertContains(response, "Add fields to see what guests will be asked.")


def test_the_builder_answers_htmx_with_the_fields_partial(form, three, cast, client_for):
    response = client_for(cast.owner).get(_url("form_builder", form), headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="fields"')


# --- Standard fields ---------------------------------------------------------------


def test_a_standard_field_is_added_with_one_click(form, cast, client_for):
    response = client_for(cast.owner).post(_url("field_add_standard", form), {"key": "nationality"}, follow=True)

    assertRedirects(response, _url("form_builder", form))
    assertContains(response, "“Nationality” added.")
    field = form.fields.get()
    assert (field.key, field.type, field.scope) == ("nationality", "country", "every_guest")
    assert field.label["fr"] == "Nationalité"
    assert field.organization == cast.organization
    assert ActivityLog.objects.filter(action="form.field_added", details={"key": "nationality"}).exists()


def test_a_standard_field_already_in_the_form_is_not_added_twice(cast, client_for):
    response = client_for(cast.owner).post(_url("field_add_standard", cast.form), {"key": "email"})

    assertContains(response, "This form already has that field.", status_code=400)
    assert cast.form.fields.filter(key="email").count() == 1


def test_an_unknown_standard_field_is_refused(form, cast, client_for):
    response = client_for(cast.owner).post(_url("field_add_standard", form), {"key": "blood_type"})

    assertContains(response, "Unknown standard field.", status_code=400)
    assert not form.fields.exists()


# --- Custom fields -----------------------------------------------------------------


def test_a_custom_field_is_added_at_the_end(form, three, cast, client_for):
    response = client_for(cast.owner).post(_url("field_add", form), _custom(help_en="Cats, dogs…"), follow=True)

    assertRedirects(response, _url("form_builder", form))
    assertContains(response, "“Names of your pets” added.")
    assert _keys(form) == ["alpha", "beta", "gamma", "pet_names"]
    field = form.fields.get(key="pet_names")
    assert field.label == {"en": "Names of your pets"}
    assert field.help_text == {"en": "Cats, dogs…"}
    assert field.required
    assert field.scope == "reservation"


def test_a_custom_field_without_a_key_gets_one_from_its_label(form, cast, client_for):
    client_for(cast.owner).post(_url("field_add", form), _custom(key="", label_en="Car plate number"))

    assert _keys(form) == ["car_plate_number"]


@pytest.mark.parametrize("key", ["Bad Key!", "1st", "with-dash", "ÑAME"])
def test_a_custom_field_with_a_bad_key_is_refused_and_nothing_saved(form, cast, client_for, key):
    response = client_for(cast.owner).post(_url("field_add", form), _custom(key=key))

    assertContains(response, "Use lowercase letters, digits and underscores", status_code=400)
    assert not FormField.objects.filter(form=form).exists()


def test_a_custom_field_with_a_key_the_form_has_is_refused(form, three, cast, client_for):
    response = client_for(cast.owner).post(_url("field_add", form), _custom(key="beta"))

    assertContains(response, "Another field of this form has this key.", status_code=400)
    assert form.fields.count() == 3


def test_a_custom_field_needs_an_english_label(form, cast, client_for):
    response = client_for(cast.owner).post(_url("field_add", form), _custom(label_en="  "))

    assertContains(response, "This field is required.", status_code=400)
    assert not form.fields.exists()


@pytest.mark.parametrize("kind", ["choice", "multichoice"])
def test_a_choice_field_needs_options(form, cast, client_for, kind):
    response = client_for(cast.owner).post(_url("field_add", form), _custom(type=kind, options="\n  \n"))

    assertContains(response, "Add at least one option.", status_code=400)
    assert not form.fields.exists()


def test_options_are_one_per_line_with_a_value_and_an_english_label(form, cast, client_for):
    options = "car|Car\nbike | Bicycle\n\nOn foot\n"
    client_for(cast.owner).post(_url("field_add", form), _custom(type="choice", key="transport", options=options))

    assert form.fields.get().options == [
        {"value": "car", "label": {"en": "Car"}},
        {"value": "bike", "label": {"en": "Bicycle"}},
        {"value": "on_foot", "label": {"en": "On foot"}},
    ]


def test_an_option_value_may_not_repeat(form, cast, client_for):
    data = _custom(type="choice", options="car|Car\ncar|Automobile")

    response = client_for(cast.owner).post(_url("field_add", form), data)

    assertContains(response, "The value “car” is used twice.", status_code=400)
    assert not form.fields.exists()


def test_an_agreement_needs_its_text_in_english(form, cast, client_for):
    data = _custom(type="agreement", key="rules", label_en="I accept the rules", agreement_en=" ")

    response = client_for(cast.owner).post(_url("field_add", form), data)

    assertContains(response, "Write the agreement in English at least.", status_code=400)
    assert not form.fields.exists()


def test_an_agreement_is_saved_with_its_text(form, cast, client_for):
    text = "I, {guest_name}, will be quiet after 22:00 at {property_name}."
    data = _custom(type="agreement", key="rules", label_en="I accept the rules", agreement_en=text)

    client_for(cast.owner).post(_url("field_add", form), data)

    assert form.fields.get().agreement_text == {"en": text}


def test_settings_of_other_types_are_not_kept(form, cast, client_for):
    client_for(cast.owner).post(_url("field_add", form), _custom(options="a|A", agreement_en="Text"))

    field = form.fields.get()
    assert (field.options, field.agreement_text) == ([], {})


# --- Editing a field -----------------------------------------------------------------


def test_the_edit_form_shows_every_account_language(cast, client_for):
    cast.organization.languages = ["en", "es", "de"]
    cast.organization.save()
    field = cast.form.fields.get(key="phone")

    response = client_for(cast.owner).get(_url("field_edit", cast.form, field))

    assertContains(response, 'name="label_es"')
    assertContains(response, 'value="Teléfono móvil"')
    assertContains(response, 'name="help_de"')
    assertNotContains(response, 'name="label_fr"')
    assertContains(response, "<html")


def test_the_edit_form_answers_htmx_with_the_fields_partial(form, three, cast, client_for):
    response = client_for(cast.owner).get(_url("field_edit", form, three[1]), headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="fields"')
    assert 'name="label_en"' in html


def test_labels_and_hints_are_saved_per_language(form, three, cast, client_for):
    cast.organization.languages = ["en", "es", "fr"]
    cast.organization.save()
    field = three[0]
    data = _edit_data(field, label_en="Alpha code", label_es="Código alfa", label_fr="", help_es="Seis letras.")

    response = client_for(cast.owner).post(_url("field_edit", form, field), data, follow=True)

    assertRedirects(response, _url("form_builder", form))
    assertContains(response, "“Alpha code” saved.")
    field.refresh_from_db()
    assert field.label == {"en": "Alpha code", "es": "Código alfa"}
    assert field.help_text == {"es": "Seis letras."}
    assert ActivityLog.objects.filter(action="form.field_changed").count() == 1


def test_translations_in_languages_the_account_does_not_show_are_kept(cast, client_for):
    cast.organization.languages = ["en"]
    cast.organization.save()
    field = cast.form.fields.get(key="document_type")

    client_for(cast.owner).post(
        _url("field_edit", cast.form, field),
        _edit_data(field, label_en="Kind of ID", options="passport|Passport\nid_card|ID card"),
    )

    field.refresh_from_db()
    assert field.label["en"] == "Kind of ID"
    assert field.label["es"] == "Tipo de documento"
    # An unchanged option keeps its translations; a relabelled one starts again from English.
    assert field.options[0]["label"]["es"] == "Pasaporte"
    assert field.options[1]["label"] == {"en": "ID card"}


def test_choice_options_are_translated_line_by_line(form, cast, client_for):
    field = FormFieldFactory(form=form, key="trip", type="choice", options=[{"value": "x", "label": {"en": "X"}}])
    data = _edit_data(
        field, options="holiday|Holiday\nwork|Work", options_es="Vacaciones\nTrabajo", options_fr="Vacances"
    )

    client_for(cast.owner).post(_url("field_edit", form, field), data)

    field.refresh_from_db()
    assert field.options == [
        {"value": "holiday", "label": {"en": "Holiday", "es": "Vacaciones", "fr": "Vacances"}},
        {"value": "work", "label": {"en": "Work", "es": "Trabajo"}},  # no French line: English for the French
    ]
    page = client_for(cast.owner).get(_url("form_preview", form), {"lang": "es"}, headers=HTMX).content.decode()
    assert "Vacaciones" in page and "Trabajo" in page


def test_the_edit_form_shows_the_option_translations(cast, client_for):
    field = cast.form.fields.get(key="document_type")

    page = client_for(cast.owner).get(_url("field_edit", cast.form, field)).content.decode()

    assert "Pasaporte\nDNI / documento de identidad\nPermiso de conducir" in page


def test_validation_settings_are_saved(form, three, cast, client_for):
    field = three[0]
    data = _edit_data(
        field,
        min_value="2",
        max_value="9",
        pattern="^[A-Z]+$",
        sensitive="on",
        required="",
    )

    client_for(cast.owner).post(_url("field_edit", form, field), data)

    field.refresh_from_db()
    assert (field.min_value, field.max_value, field.pattern) == (2, 9, "^[A-Z]+$")
    assert field.sensitive
    assert not field.required


def test_the_guesty_mapping_is_not_typed_in_the_builder(form, three, cast, client_for):
    """Mapping checks the Guesty field's type (reservations.guesty): an id typed here would skip that."""
    field = three[0]

    client_for(cast.owner).post(_url("field_edit", form, field), _edit_data(field, guesty_custom_field_id="64f1a2b3c4"))

    field.refresh_from_db()
    assert field.guesty_custom_field_id == ""


def test_a_document_field_keeps_its_allowed_files_and_size(form, three, cast, client_for):
    field = three[0]
    data = _edit_data(field, type="document", file_types=["pdf"], max_file_mb="5")

    client_for(cast.owner).post(_url("field_edit", form, field), data)

    field.refresh_from_db()
    assert (field.type, field.file_types, field.max_file_mb) == ("document", ["pdf"], 5)


def test_a_blank_english_label_is_refused(form, three, cast, client_for):
    field = three[0]

    response = client_for(cast.owner).post(_url("field_edit", form, field), _edit_data(field, label_en=""))

    assertContains(response, "There is a problem", status_code=400)
    assertContains(response, "This field is required.", status_code=400)
    field.refresh_from_db()
    assert field.label == {"en": "Alpha"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_value": "10", "max_value": "2"}, "The maximum must not be below the minimum."),
        ({"pattern": "[a-"}, "This is not a regular expression we can use"),
        ({"key": "beta"}, "Another field of this form has this key."),
        ({"type": "document", "max_file_mb": "50"}, "Ensure this value is less than or equal to 20."),
    ],
)
def test_invalid_settings_are_refused_and_nothing_changes(form, three, cast, client_for, overrides, message):
    field = three[0]

    response = client_for(cast.owner).post(_url("field_edit", form, field), _edit_data(field, **overrides))

    assertContains(response, message, status_code=400)
    field.refresh_from_db()
    assert (field.key, field.type, field.min_value, field.pattern) == ("alpha", "text", None, "")


def test_a_refused_edit_answers_htmx_with_the_errors_in_the_partial(form, three, cast, client_for):
    field = three[0]
    url = _url("field_edit", form, field)

    response = client_for(cast.owner).post(url, _edit_data(field, label_en=""), headers=HTMX)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert "This field is required." in html
    assert 'id="edit_label_en"' in html


# --- Reordering and removing ---------------------------------------------------------


def test_a_field_moves_up(form, three, cast, client_for):
    response = client_for(cast.owner).post(_url("field_move", form, three[2]), {"direction": "up"})

    assertRedirects(response, _url("form_builder", form))
    assert _keys(form) == ["alpha", "gamma", "beta"]


def test_a_field_moves_down(form, three, cast, client_for):
    client_for(cast.owner).post(_url("field_move", form, three[0]), {"direction": "down"})

    assert _keys(form) == ["beta", "alpha", "gamma"]


def test_moving_the_first_up_or_the_last_down_changes_nothing(form, three, cast, client_for):
    client = client_for(cast.owner)
    client.post(_url("field_move", form, three[0]), {"direction": "up"})
    client.post(_url("field_move", form, three[2]), {"direction": "down"})

    assert _keys(form) == ["alpha", "beta", "gamma"]


def test_a_move_needs_a_direction(form, three, cast, client_for):
    response = client_for(cast.owner).post(_url("field_move", form, three[0]), {"direction": "sideways"})

    assert response.status_code == 400
    assert _keys(form) == ["alpha", "beta", "gamma"]


def test_a_field_is_removed(form, three, cast, client_for):
    response = client_for(cast.owner).post(_url("field_remove", form, three[1]), follow=True)

    assertRedirects(response, _url("form_builder", form))
    assertContains(response, "“Beta” removed.")
    assert _keys(form) == ["alpha", "gamma"]
    assert ActivityLog.objects.filter(action="form.field_removed", details={"key": "beta"}).exists()


def test_a_removed_standard_field_can_be_added_again(cast, client_for):
    client = client_for(cast.owner)
    field = cast.form.fields.get(key="email")

    client.post(_url("field_remove", cast.form, field))

    assertContains(client.get(_url("form_builder", cast.form)), "+</span> Email")


# --- htmx ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("field_move", {"direction": "down"}),
        ("field_remove", {}),
        ("field_add", _custom()),
        ("field_add_standard", {"key": "email"}),
        ("field_edit", {"type": "text", "key": "alpha", "scope": "main_guest", "label_en": "Alpha!"}),
    ],
)
def test_htmx_actions_answer_the_fields_and_a_fresh_preview(form, three, cast, client_for, action, data):
    url = _url(action, form, three[0]) if action in {"field_move", "field_remove", "field_edit"} else None
    url = url or _url(action, form)

    response = client_for(cast.owner).post(url, data, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="fields"')
    assert 'id="preview" class="guest-preview" aria-live="polite" hx-swap-oob="true"' in html
    assert 'hx-swap-oob="beforeend:#toasts"' in html


def test_a_refused_htmx_add_answers_the_partial_with_the_errors(form, cast, client_for):
    response = client_for(cast.owner).post(_url("field_add", form), _custom(key="Bad Key!"), headers=HTMX)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert "Use lowercase letters, digits and underscores" in html
    assert 'value="Bad Key!"' in html


# --- The guest preview -------------------------------------------------------------------


def test_the_preview_shows_labels_in_the_chosen_language(cast, client_for):
    response = client_for(cast.owner).get(_url("form_preview", cast.form), {"lang": "es"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="preview"')
    assert "Fecha de nacimiento" in html
    assert "Pasaporte" in html
    assert "Date of birth" not in html


def test_the_preview_falls_back_to_english(form, cast, client_for):
    FormFieldFactory(form=form, key="pets", label={"en": "Pets", "es": "Mascotas"}, help_text={"en": "Any animals?"})
    FormFieldFactory(form=form, key="plate", label={"en": "Car plate"})

    response = client_for(cast.owner).get(_url("form_preview", form), {"lang": "es"}, headers=HTMX)

    assertContains(response, "Mascotas")
    assertContains(response, "Any animals?")
    assertContains(response, "Car plate")


def test_an_unknown_or_unoffered_language_shows_english(cast, client_for):
    cast.organization.languages = ["en", "es"]
    cast.organization.save()
    client = client_for(cast.owner)

    for lang in ["fr", "xx"]:
        assertContains(client.get(_url("form_preview", cast.form), {"lang": lang}, headers=HTMX), "Date of birth")


def test_the_builder_page_offers_the_accounts_languages(cast, client_for):
    cast.organization.languages = ["en", "de"]
    cast.organization.save()

    response = client_for(cast.owner).get(_url("form_builder", cast.form), {"lang": "de"})

    assertContains(response, '<option value="de" selected>Deutsch</option>')
    assertNotContains(response, '<option value="es"')
    assertContains(response, "Geburtsdatum")


def test_the_preview_fills_the_agreement_placeholders(cast, client_for):
    response = client_for(cast.owner).get(_url("form_preview", cast.form), headers=HTMX)

    assertContains(response, "I, Alex Morgan, agree to the house rules of Your property")
    assertContains(response, "I accept that Seaside Stays may charge")
    assertNotContains(response, "{guest_name}")


def test_the_preview_is_drawn_by_the_portals_question_templates_and_cannot_be_filled_in(cast, client_for):
    html = client_for(cast.owner).get(_url("form_preview", cast.form), headers=HTMX).content.decode()

    assert '<fieldset class="preview-questions" disabled>' in html
    assert 'type="email" name="preview-email"' in html
    assert 'type="date" name="preview-date_of_birth"' in html
    assert 'type="file" name="preview-document_photo-front"' in html
    assert "Back (if it has one)" in html
    assert "Sign with your finger or mouse in the box." in html
    assert "Save and continue" in html


def test_the_preview_says_what_the_portal_says_in_the_guests_language(cast, client_for):
    html = client_for(cast.owner).get(_url("form_preview", cast.form), {"lang": "es"}, headers=HTMX).content.decode()

    # The portal's own words for the back of an ID and the button, not a look-alike of them.
    assert "Parte trasera (si la tiene)" in html
    assert "Guardar y continuar" in html
    assert "Atrás" not in html
    assert "Continue" not in html


# --- Who may use it ----------------------------------------------------------------------

BUILDER_ACTIONS = [
    ("get", "form_builder", False),
    ("get", "form_preview", False),
    ("get", "field_edit", True),
    ("post", "field_edit", True),
    ("post", "field_move", True),
    ("post", "field_remove", True),
    ("post", "field_add", False),
    ("post", "field_add_standard", False),
    ("post", "form_rename", False),
    ("post", "form_duplicate", False),
    ("post", "form_make_default", False),
]


@pytest.mark.parametrize(("method", "action", "on_field"), BUILDER_ACTIONS)
def test_a_concierge_may_not_use_the_builder(cast, client_for, method, action, on_field):
    form = cast.form
    field = form.fields.get(key="email")
    before = list(form.fields.values_list("key", "position", "label"))

    client = client_for(cast.concierge)
    response = getattr(client, method)(_url(action, form, field if on_field else None), _custom(direction="up"))

    assert response.status_code == 403
    assert list(form.fields.values_list("key", "position", "label")) == before
    assert CheckinForm.objects.filter(organization=cast.organization).count() == 1


@pytest.mark.parametrize(("method", "action", "on_field"), [a for a in BUILDER_ACTIONS if a[1] != "form_duplicate"])
def test_a_manager_may_not_use_the_builder_on_the_default_form(cast, client_for, method, action, on_field):
    form = cast.form
    field = form.fields.get(key="email")
    before = list(form.fields.values_list("key", "position", "label"))

    client = client_for(cast.manager)
    response = getattr(client, method)(_url(action, form, field if on_field else None), _custom(direction="up"))

    assert response.status_code == 403
    assert list(form.fields.values_list("key", "position", "label")) == before
    assert CheckinForm.objects.filter(organization=cast.organization).count() == 1


@pytest.mark.parametrize(("method", "action", "on_field"), BUILDER_ACTIONS)
def test_another_accounts_form_and_fields_do_not_exist(cast, client_for, method, action, on_field):
    form = cast.form
    field = form.fields.get(key="email")
    before = list(form.fields.values_list("key", "position", "label"))

    client = client_for(cast.outsider)
    response = getattr(client, method)(_url(action, form, field if on_field else None), _custom(direction="up"))

    assert response.status_code == 404
    assert list(form.fields.values_list("key", "position", "label")) == before
    assert CheckinForm.objects.filter(organization=cast.outsider.organization).count() == 0


# --- A property manager and the account's forms ---------------------------------------------


def test_a_manager_may_not_change_the_default_form_every_property_without_a_form_uses(cast, client_for):
    field = cast.form.fields.get(key="email")
    client = client_for(cast.manager)

    assert client.get(_url("form_builder", cast.form)).status_code == 403
    assert client.post(_url("field_remove", cast.form, field)).status_code == 403
    assert cast.form.fields.filter(key="email").exists()


def test_a_manager_may_not_make_a_form_the_default(form, cast, client_for):
    default = cast.form
    response = client_for(cast.manager).post(_url("form_make_default", form))

    assert response.status_code == 403
    assert CheckinForm.objects.get(organization=cast.organization, is_default=True) == default


def test_a_manager_edits_a_form_used_only_by_their_own_properties(form, cast, client_for):
    cast.villa.checkin_form = form
    cast.villa.save()

    response = client_for(cast.manager).post(_url("field_add_standard", form), {"key": "email"})

    assert response.status_code == 302
    assert form.fields.filter(key="email").exists()


def test_a_manager_may_not_edit_a_form_also_used_by_a_property_they_do_not_manage(form, cast, client_for):
    cast.villa.checkin_form = cast.loft.checkin_form = form
    cast.villa.save()
    cast.loft.save()

    response = client_for(cast.manager).post(_url("field_add_standard", form), {"key": "email"})

    assert response.status_code == 403
    assert not form.fields.exists()


def test_a_manager_may_copy_the_default_form_to_make_their_own(cast, client_for):
    response = client_for(cast.manager).post(_url("form_duplicate", cast.form))

    copy = CheckinForm.objects.get(organization=cast.organization, is_default=False)
    assertRedirects(response, _url("form_builder", copy))
    assert copy.fields.count() == cast.form.fields.count()


def test_a_field_of_another_form_is_not_found_through_this_one(form, cast, client_for):
    other_field = cast.form.fields.get(key="email")

    response = client_for(cast.owner).post(_url("field_remove", form, other_field))

    assert response.status_code == 404
    assert cast.form.fields.filter(key="email").exists()


def test_an_outsiders_own_field_is_not_found_through_the_casts_form(cast, client_for):
    foreign_field = cast.outsider_form.fields.first()
    url = reverse("checkin:field_edit", args=[cast.form.pk, foreign_field.pk])

    assert client_for(cast.owner).get(url).status_code == 404
