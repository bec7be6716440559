"""The field mapping page: each check-in question, and the Guesty custom fields that can take its answer."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from reservations.checkin.models import CheckinForm
from tests.factories import FormFieldFactory
from tests.reservations.guesty.views.conftest import make_field

pytestmark = pytest.mark.django_db

URL = reverse("guesty:fields")


@pytest.fixture
def guesty_fields(cast, guesty):
    cast.form  # noqa: B018  (the account's default form, with the standard questions)
    return {
        "notes": make_field(cast.organization, "f-notes", "Guest notes", "longtext"),
        "flag": make_field(cast.organization, "f-flag", "Agreed to rules", "boolean"),
        "birthday": make_field(cast.organization, "f-birth", "Birthday", "date"),
        "gone": make_field(cast.organization, "f-gone", "Old field", "text", deleted_at=timezone.now()),
    }


def _row(response, question):
    """The markup of one question's row."""
    html = response.content.decode()
    start = html.index(f'<tr id="question-{question.pk}"')
    return html[start : html.index("</tr>", start)]


def test_lists_the_questions_of_the_default_form(cast, client_for, guesty_fields):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "<title>Field mapping · GoRently</title>")
    assertContains(response, "First name")
    assertContains(response, "Date of birth")
    assertContains(response, f'<option value="{cast.form.pk}" selected>')


def test_offers_each_question_only_the_guesty_fields_that_fit(cast, client_for, guesty_fields):
    form = cast.form
    response = client_for(cast.owner).get(URL, {"form": form.pk})

    first_name = _row(response, form.fields.get(key="first_name"))
    assert '<option value="f-notes">Guest notes · long text</option>' in first_name
    assert 'value="f-flag"' not in first_name
    assert 'value="f-birth"' not in first_name
    birthday = _row(response, form.fields.get(key="date_of_birth"))
    assert '<option value="f-birth">Birthday · date</option>' in birthday
    agreement = _row(response, form.fields.get(key="rental_agreement"))
    assert '<option value="f-flag">Agreed to rules · yes/no</option>' in agreement


def test_the_fields_that_do_not_fit_are_listed_with_the_reason(cast, client_for, guesty_fields):
    response = client_for(cast.owner).get(URL, {"form": cast.form.pk})

    first_name = _row(response, cast.form.fields.get(key="first_name"))
    assert "2 Guesty fields cannot take this answer" in first_name
    assert "<strong>Agreed to rules</strong> · yes/no: A yes/no field in Guesty cannot take this answer" in first_name


def test_fields_guesty_no_longer_lists_are_not_offered(cast, client_for, guesty_fields):
    assertNotContains(client_for(cast.owner).get(URL), 'value="f-gone"')


def test_documents_and_signatures_cannot_be_copied(cast, client_for, guesty_fields):
    response = client_for(cast.owner).get(URL)

    for key in ("document_photo", "signature"):
        row = _row(response, cast.form.fields.get(key=key))
        assert "Cannot be copied to Guesty" in row
        assert "<select" not in row


def test_the_current_mapping_is_selected(cast, client_for, guesty_fields):
    question = cast.form.fields.get(key="first_name")
    question.guesty_custom_field_id = "f-notes"
    question.save()

    row = _row(client_for(cast.owner).get(URL), question)

    assert '<option value="f-notes" selected>Guest notes · long text</option>' in row
    assert "warning-text" not in row


def test_a_mapping_to_a_field_guesty_deleted_shows_a_warning(cast, client_for, guesty_fields):
    question = cast.form.fields.get(key="first_name")
    question.guesty_custom_field_id = "f-gone"
    question.save()

    row = _row(client_for(cast.owner).get(URL), question)

    assert "Guesty no longer lists the field this question is copied to: choose another one." in row
    assert '<option value="f-gone" selected>Old field (not working)</option>' in row


def test_a_mapping_whose_types_no_longer_fit_shows_the_reason(cast, client_for, guesty_fields):
    question = cast.form.fields.get(key="first_name")
    question.guesty_custom_field_id = "f-flag"
    question.save()

    row = _row(client_for(cast.owner).get(URL), question)

    assert "A yes/no field in Guesty cannot take this answer: use long text, text." in row
    assert '<option value="f-flag" selected>Agreed to rules (not working)</option>' in row


def test_a_choice_question_is_offered_a_guesty_choice_only_with_all_its_options(cast, client_for, guesty):
    form = CheckinForm.objects.create(organization=cast.organization, name="Pets")
    question = FormFieldFactory(
        form=form,
        key="pet",
        type="choice",
        label={"en": "Pet"},
        options=[{"value": "dog", "label": {"en": "Dog"}}, {"value": "cat", "label": {"en": "Cat"}}],
    )
    make_field(cast.organization, "f-all", "Pet kind", "enum", options=["Dog", "Cat", "Bird"])
    make_field(cast.organization, "f-some", "Dog or not", "enum", options=["Dog"])

    row = _row(client_for(cast.owner).get(URL, {"form": form.pk}), question)

    assert 'value="f-all"' in row
    assert 'value="f-some"' not in row
    assert "Guesty&#x27;s field has no option for: Cat." in row


def test_without_guesty_fields_it_says_where_they_come_from(cast, client_for, guesty):
    cast.form  # noqa: B018
    assertContains(client_for(cast.owner).get(URL), "No reservation custom fields from Guesty yet.")


def test_another_accounts_form_does_not_exist(cast, client_for, guesty_fields):
    assert client_for(cast.owner).get(URL, {"form": cast.outsider_form.pk}).status_code == 404
    assert client_for(cast.owner).get(URL, {"form": "not-a-number"}).status_code == 404


def test_an_owner_of_another_account_sees_only_their_own_forms_and_fields(cast, client_for, guesty_fields):
    cast.outsider_form  # noqa: B018  (their own default form)
    cast.form.name = "Seaside form"
    cast.form.save()

    response = client_for(cast.outsider).get(URL)

    assertNotContains(response, "Seaside form")
    assertNotContains(response, "Guest notes")


def test_without_check_in_forms_it_points_to_them(cast, client_for, guesty):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "No check-in forms yet")
    assertContains(response, reverse("checkin:forms"))


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_map_fields(cast, client_for, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403
