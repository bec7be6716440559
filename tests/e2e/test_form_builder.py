"""The host's check-in form builder in a real browser, on a desktop, with htmx.

The owner starts from a small form (first name, last name, arrival time) and:
adds a custom single-choice question, which appears in the list and in the guest
preview without the page reloading; sees the settings of a field type only for
that type; reorders and removes fields; and gets a clear error at the field when
the input is wrong, with nothing added.

Locators are by role and label, scoped to the builder's regions ("Fields",
"Add a custom field", "Guest preview"), the way a host reads the page.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.permissions import Role
from reservations.checkin.fields import FieldScope, FieldType
from reservations.checkin.models import FormField
from reservations.checkin.services.forms import add_standard_field, create_form
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STARTING_FIELDS = ["First name", "Last name", "Estimated arrival time"]
TOWELS = "Do you need beach towels?"
TOWEL_CHOICES = ["Yes, please", "No, we bring our own"]


@pytest.fixture
def beach_form():
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER, organization__name="Seaside Stays")
    form = create_form(actor=owner, name="Beach houses", with_defaults=False)
    for key in ("first_name", "last_name", "arrival_time"):
        add_standard_field(actor=owner, form=form, key=key)
    return form


def open_builder(new_page, live_server, form):
    page = new_page("desktop")
    sign_in(page, live_server.url, "owner@seaside.test", then=f"/checkin/forms/{form.pk}/")
    expect(page.get_by_role("heading", name="Beach houses", level=1)).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    return page


def fields_list(page):
    return page.get_by_role("region", name="Fields", exact=True)


def field_names(page):
    """The names in the builder's list of fields, in order."""
    return fields_list(page).get_by_role("listitem").locator(".field-main strong")


def add_form(page):
    return page.get_by_role("region", name="Add a custom field")


# The English options, not their translations ("Options (Español)") beside them in the edit form.
ENGLISH_OPTIONS = re.compile(r"^Options( \(optional\))?$")


def preview(page):
    return page.get_by_role("complementary", name="Guest preview")


def preview_questions(page):
    """What the guest preview asks, in order (the label of each input or group of choices)."""
    return preview(page).locator(".preview-field").locator("label.q-label, legend.q-label")


def editor(page, name):
    """The open "Edit" form of one field, in its row of the list."""
    return fields_list(page).get_by_role("listitem").filter(has=page.get_by_role("heading", name=f"Edit “{name}”"))


def error_at(scope, label):
    """The error message shown with the input labelled `label` (the input is marked invalid)."""
    expect(scope.get_by_label(label)).to_have_attribute("aria-invalid", "true")
    field = scope.locator(".field-error").filter(has=scope.page.get_by_label(label))
    return field.locator(".error-message")


def snap(page, step):
    """A screenshot to look at: test-artifacts/screenshots/form-builder-<step>.png.

    Scrolled to the top first: a full-page shot of a scrolled page draws the sticky sidebar
    and preview where the window was, halfway down.
    """
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshot_path(f"form-builder-{step}"), full_page=True)


def test_owner_adds_a_single_choice_question_and_the_guest_preview_shows_it_without_a_reload(
    live_server, new_page, browser_problems, beach_form
):
    page = open_builder(new_page, live_server, beach_form)
    expect(field_names(page)).to_have_text(STARTING_FIELDS)
    expect(fields_list(page)).to_contain_text("3 fields")
    expect(preview_questions(page)).to_have_text(["First name", "Last name", "Estimated arrival time (optional)"])

    # The custom field: a single choice, asked once per stay, with two answers.
    add = add_form(page)
    options = add.get_by_label("Options")
    expect(add.get_by_label("Type")).to_have_value(FieldType.TEXT)
    expect(options, "a short text has no options").to_be_hidden()
    add.get_by_label("Type").select_option(label="Single choice")
    expect(options).to_be_visible()
    add.get_by_label("Asked").select_option(label="Once per reservation")
    add.get_by_label("Label (English)").fill(TOWELS)
    add.get_by_label("Hint (English)").fill("We leave two per guest if you say yes.")
    options.fill("yes|Yes, please\nno|No, we bring our own")
    snap(page, "1-adding-a-choice")

    page.evaluate("window.e2eSamePage = true")
    add.get_by_role("button", name="Add field").click()

    # In the list, at the end, and in the preview: a question with its two answers.
    expect(field_names(page)).to_have_text([*STARTING_FIELDS, TOWELS])
    expect(fields_list(page)).to_contain_text("4 fields")
    expect(page.get_by_role("status")).to_contain_text(f"“{TOWELS}” added.")
    question = preview(page).get_by_role("group", name=TOWELS)
    expect(question).to_be_visible()
    expect(question).to_contain_text("We leave two per guest if you say yes.")
    expect(question.get_by_role("radio")).to_have_count(2)
    for choice in TOWEL_CHOICES:
        expect(question.get_by_label(choice)).to_be_disabled()
    expect(preview(page).locator(".preview-field").last).to_contain_text("Asked once per reservation")
    assert page.evaluate("window.e2eSamePage") is True, "adding the field reloaded the page instead of swapping it in"
    expect(page.locator("#fields"), "the swap must not nest #fields in itself").to_have_count(1)

    # The add form is blank again, back to a short text, its options hidden again.
    expect(add.get_by_label("Label (English)")).to_have_value("")
    expect(add.get_by_label("Type")).to_have_value(FieldType.TEXT)
    expect(add.get_by_label("Options")).to_be_hidden()
    snap(page, "2-choice-added")

    field = FormField.objects.get(form=beach_form, key="do_you_need_beach_towels")
    assert (field.type, field.scope, field.position) == (FieldType.CHOICE, FieldScope.RESERVATION, 4)
    assert field.label == {"en": TOWELS}
    assert field.options == [
        {"value": "yes", "label": {"en": "Yes, please"}},
        {"value": "no", "label": {"en": "No, we bring our own"}},
    ]
    assert browser_problems.items == []


def test_type_settings_show_only_for_the_field_types_they_apply_to(live_server, new_page, browser_problems, beach_form):
    page = open_builder(new_page, live_server, beach_form)

    # Adding: options only for the choice types, the agreement text only for an agreement.
    add = add_form(page)
    add_type, options, agreement = add.get_by_label("Type"), add.get_by_label("Options"), add.get_by_label("Agreement")
    expect(options).to_be_hidden()
    expect(agreement).to_be_hidden()
    add_type.select_option(label="Multiple choice")
    expect(options).to_be_visible()
    expect(agreement).to_be_hidden()
    add_type.select_option(label="Rental agreement acceptance")
    expect(agreement).to_be_visible()
    expect(options).to_be_hidden()
    add_type.select_option(label="Short text")
    expect(options).to_be_hidden()
    expect(agreement).to_be_hidden()

    # Editing the arrival time (a short text): length and pattern apply, file settings do not.
    page.evaluate("window.e2eSamePage = true")
    fields_list(page).get_by_role("link", name="Edit “Estimated arrival time”").click()
    edit = editor(page, "Estimated arrival time")
    expect(edit.get_by_label("Label (English)")).to_have_value("Estimated arrival time")
    edit_type = edit.get_by_label("Type")
    minimum, maximum = edit.get_by_label("Minimum"), edit.get_by_label("Maximum")
    pattern = edit.get_by_label("Pattern (regular expression)")
    photos, largest_file = edit.get_by_label("Photos (JPEG, PNG, HEIC)"), edit.get_by_label("Largest file (MB)")
    edit_options = edit.get_by_label(ENGLISH_OPTIONS)
    agreement_text = edit.get_by_role("group", name="Agreement text, in each guest language")
    expect(edit_type).to_have_value(FieldType.TEXT)
    for setting in (minimum, maximum, pattern):
        expect(setting).to_be_visible()
    expect(pattern).to_have_value(r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")
    for setting in (photos, largest_file, edit_options, agreement_text):
        expect(setting).to_be_hidden()
    snap(page, "3-editing-a-short-text")

    # An identity document: which files and how large, nothing about length or pattern.
    edit_type.select_option(label="Identity document (front and back)")
    expect(photos).to_be_visible()
    expect(edit.get_by_label("PDF", exact=True)).to_be_visible()
    expect(largest_file).to_be_visible()
    for setting in (minimum, maximum, pattern, edit_options, agreement_text):
        expect(setting).to_be_hidden()
    snap(page, "4-editing-as-a-document")

    # A single choice: its options, and the file settings are gone again.
    edit_type.select_option(label="Single choice")
    expect(edit_options).to_be_visible()
    for setting in (photos, largest_file, minimum, maximum, pattern, agreement_text):
        expect(setting).to_be_hidden()

    # An agreement: its text in each guest language.
    edit_type.select_option(label="Rental agreement acceptance")
    expect(agreement_text).to_be_visible()
    expect(agreement_text.get_by_label("Agreement text (English)")).to_be_visible()
    for setting in (photos, largest_file, minimum, maximum, pattern, edit_options):
        expect(setting).to_be_hidden()

    # Cancel: nothing was saved, the editor closes in place.
    edit.get_by_role("link", name="Cancel").click()
    expect(edit).to_have_count(0)
    expect(field_names(page)).to_have_text(STARTING_FIELDS)
    assert page.evaluate("window.e2eSamePage") is True, "the editor reloaded the page instead of swapping in place"
    assert FormField.objects.get(form=beach_form, key="arrival_time").type == FieldType.TEXT
    assert browser_problems.items == []


def test_owner_moves_a_field_up_and_removes_one(live_server, new_page, browser_problems, beach_form):
    page = open_builder(new_page, live_server, beach_form)
    page.evaluate("window.e2eSamePage = true")
    fields = fields_list(page)
    expect(fields.get_by_role("button", name="Move “First name” up"), "the first field cannot go up").to_be_disabled()
    expect(fields.get_by_role("button", name="Move “Estimated arrival time” down")).to_be_disabled()

    # Up: the last name swaps with the first name, in the list and in the preview.
    fields.get_by_role("button", name="Move “Last name” up").click()
    expect(field_names(page)).to_have_text(["Last name", "First name", "Estimated arrival time"])
    expect(preview_questions(page)).to_have_text(["Last name", "First name", "Estimated arrival time (optional)"])
    expect(fields.get_by_role("button", name="Move “Last name” up")).to_be_disabled()
    expect(fields.get_by_role("button", name="Move “First name” up")).to_be_enabled()
    snap(page, "5-moved-up")
    keys = FormField.objects.filter(form=beach_form).order_by("position").values_list("key", flat=True)
    assert list(keys) == ["last_name", "first_name", "arrival_time"]

    # Remove, after confirming: gone from the list and from the preview, and offered again as a standard field.
    dialogs = []

    def confirm(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", confirm)
    fields.get_by_role("button", name="Remove “First name”").click()
    expect(field_names(page)).to_have_text(["Last name", "Estimated arrival time"])
    expect(fields).to_contain_text("2 fields")
    expect(preview_questions(page)).to_have_text(["Last name", "Estimated arrival time (optional)"])
    expect(preview(page).get_by_label("First name")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("“First name” removed.")
    standard = page.get_by_role("region", name="Standard fields")
    expect(standard.get_by_role("button", name="First name", exact=True)).to_be_visible()
    assert dialogs == ["Remove “First name” from this form?"]
    assert page.evaluate("window.e2eSamePage") is True, "a builder action reloaded the page"
    snap(page, "6-removed")
    keys = FormField.objects.filter(form=beach_form).order_by("position").values_list("key", flat=True)
    assert list(keys) == ["last_name", "arrival_time"]
    assert browser_problems.items == []


def test_a_mistake_is_shown_at_the_field_and_adds_nothing(live_server, new_page, browser_problems, beach_form):
    page = open_builder(new_page, live_server, beach_form)
    page.evaluate("window.e2eSamePage = true")
    add = add_form(page)

    # No English label.
    add.get_by_role("button", name="Add field").click()
    expect(add.get_by_role("alert")).to_contain_text("There is a problem")
    expect(add.get_by_role("alert")).to_contain_text("Label (English): This field is required.")
    expect(error_at(add, "Label (English)")).to_have_text("This field is required.")
    expect(field_names(page)).to_have_text(STARTING_FIELDS)
    assert FormField.objects.filter(form=beach_form).count() == 3

    # A key the form already uses: the error is at the key, and what was typed is kept.
    add.get_by_label("Label (English)").fill("Guest’s first name")
    add.get_by_label("Key").fill("first_name")
    add.get_by_role("button", name="Add field").click()
    expect(error_at(add, "Key")).to_have_text("Another field of this form has this key.")
    expect(add.get_by_label("Label (English)"), "the label is fine now").not_to_have_attribute("aria-invalid", "true")
    expect(add.get_by_label("Label (English)")).to_have_value("Guest’s first name")
    expect(field_names(page)).to_have_text(STARTING_FIELDS)
    snap(page, "7-key-clash")
    assert FormField.objects.filter(form=beach_form).count() == 3

    # A single choice without a single option.
    add.get_by_label("Key").fill("")
    add.get_by_label("Label (English)").fill(TOWELS)
    add.get_by_label("Type").select_option(label="Single choice")
    add.get_by_role("button", name="Add field").click()
    expect(error_at(add, "Options")).to_have_text("Add at least one option.")
    expect(add.get_by_label("Options")).to_be_visible()
    expect(add.get_by_label("Type")).to_have_value(FieldType.CHOICE)
    expect(field_names(page)).to_have_text(STARTING_FIELDS)
    expect(preview_questions(page)).to_have_count(3)
    assert FormField.objects.filter(form=beach_form).count() == 3
    assert page.evaluate("window.e2eSamePage") is True, "a refused field reloaded the page"

    # Those three 400 answers were the point; any other problem still fails the test.
    browser_problems.items[:] = [item for item in browser_problems.items if "400" not in item]
    assert browser_problems.items == []
