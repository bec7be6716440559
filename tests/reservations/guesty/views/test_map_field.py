"""Mapping a check-in question to a Guesty field: only when Guesty's type takes the answer; htmx swaps the row."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from reservations.guesty.mapping import mapping_problem
from tests.reservations.guesty.views.conftest import HTMX, make_field

pytestmark = pytest.mark.django_db

URL = reverse("guesty:map_field")


@pytest.fixture
def question(cast, guesty):
    make_field(cast.organization, "f-notes", "Guest notes", "longtext")
    make_field(cast.organization, "f-flag", "Agreed to rules", "boolean")
    return cast.form.fields.get(key="first_name")


def test_maps_the_question_and_goes_back_to_its_form(cast, client_for, question):
    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": "f-notes"}, follow=True)

    assertRedirects(response, f"{reverse('guesty:fields')}?form={cast.form.pk}")
    assertContains(response, "“First name” is copied to Guesty.")
    question.refresh_from_db()
    assert question.guesty_custom_field_id == "f-notes"
    assert ActivityLog.objects.filter(action="guesty.field_mapped").exists()


def test_with_htmx_it_answers_the_saved_row_and_a_toast(cast, client_for, question):
    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": "f-notes"}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<tr id="question-{question.pk}">')
    assert "<html" not in body
    assert '<option value="f-notes" selected>' in body
    assert 'hx-swap-oob="beforeend:#toasts"' in body
    assert "“First name” is copied to Guesty." in body


def test_choosing_not_copied_removes_the_mapping(cast, client_for, question):
    question.guesty_custom_field_id = "f-notes"
    question.save()

    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": ""}, follow=True)

    assertContains(response, "“First name” is not copied to Guesty any more.")
    question.refresh_from_db()
    assert question.guesty_custom_field_id == ""


def test_an_incompatible_type_is_refused_with_the_reason_and_nothing_changes(cast, client_for, question):
    reason = mapping_problem("text", [], "boolean", [])

    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": "f-flag"})

    assert reason == "A yes/no field in Guesty cannot take this answer: use long text, text."
    assertContains(response, reason, status_code=400)
    question.refresh_from_db()
    assert question.guesty_custom_field_id == ""
    assert not ActivityLog.objects.filter(action="guesty.field_mapped").exists()


def test_with_htmx_a_refusal_shows_at_the_row(cast, client_for, question):
    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": "f-flag"}, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 400
    assert body.startswith(f'<tr id="question-{question.pk}">')
    assert 'role="alert">A yes/no field in Guesty cannot take this answer' in body
    assert 'aria-invalid="true"' in body


def test_a_field_guesty_no_longer_lists_is_refused(cast, client_for, question):
    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": "f-unknown"})

    assertContains(response, "Guesty no longer lists this field", status_code=400)
    question.refresh_from_db()
    assert question.guesty_custom_field_id == ""


def test_another_accounts_guesty_field_is_unknown(cast, client_for, question):
    make_field(cast.outsider.organization, "f-rival", "Rival notes", "text")

    response = client_for(cast.owner).post(URL, {"form_field": question.pk, "guesty_field_id": "f-rival"})

    assertContains(response, "Guesty no longer lists this field", status_code=400)


def test_a_question_of_another_account_is_refused_and_nothing_changes(cast, client_for, question):
    theirs = cast.outsider_form.fields.get(key="first_name")
    make_field(cast.outsider.organization, "f-notes", "Their notes", "longtext")

    response = client_for(cast.owner).post(URL, {"form_field": theirs.pk, "guesty_field_id": "f-notes"})

    assertContains(response, "Choose a question of one of your check-in forms.", status_code=400)
    theirs.refresh_from_db()
    assert theirs.guesty_custom_field_id == ""


def test_with_htmx_a_refused_question_only_shows_the_message(cast, client_for, question):
    theirs = cast.outsider_form.fields.get(key="first_name")

    response = client_for(cast.owner).post(URL, {"form_field": theirs.pk, "guesty_field_id": "f-notes"}, headers=HTMX)

    assert response.status_code == 400
    assert response["HX-Reswap"] == "none"
    body = response.content.decode()
    assert body.startswith('<div hx-swap-oob="beforeend:#toasts">')
    assert "Choose a question of one of your check-in forms." in body


@pytest.mark.parametrize("form_field", ["", "nope", "99999999999999999999999"])
def test_a_missing_or_malformed_question_is_refused(cast, client_for, question, form_field):
    response = client_for(cast.owner).post(URL, {"form_field": form_field, "guesty_field_id": "f-notes"})

    assertContains(response, "Choose a question of one of your check-in forms.", status_code=400)


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_map(cast, client_for, question, role):
    response = client_for(cast.member(role)).post(URL, {"form_field": question.pk, "guesty_field_id": "f-notes"})

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.guesty_custom_field_id == ""
