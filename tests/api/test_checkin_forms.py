"""GET /api/v1/checkin-forms/ and /{id}/: the account's check-in forms with their fields, the properties using
each, and the version guests answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivityLog
from reservations.checkin.models import CheckinForm
from reservations.checkin.services.submissions import start_checkin
from reservations.checkin.standard_fields import DEFAULT_FORM_KEYS
from tests.factories import CheckinFormFactory, FormFieldFactory, FormVersionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:checkin-form-list")


@pytest.fixture(autouse=True)
def default_form(cast):
    """Each account starts with its default form (the standard fields), as new accounts do."""
    return cast.form


def detail(form):
    return reverse("api:checkin-form-detail", kwargs={"pk": form.pk})


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def own_form(cast, *properties, name="Loft form"):
    """A form of the account's own (not the default), asked at `properties`."""
    form = CheckinFormFactory(organization=cast.organization, name=name)
    FormFieldFactory(form=form, key="pet_name", position=1)
    for property in properties:
        property.checkin_form = form
        property.save()
    return form


# --- What a form says --------------------------------------------------------------------------------


def test_lists_the_default_form_with_its_fields_in_order(cast, keys, api):
    form = cast.form

    [body] = results(api(keys.read).get(LIST))

    assert (body["id"], body["name"], body["is_default"]) == (form.pk, form.name, True)
    assert [field["key"] for field in body["fields"]] == DEFAULT_FORM_KEYS


def test_a_field_has_its_type_scope_requirement_and_every_translation(cast, keys, api):

    [body] = results(api(keys.read).get(LIST))

    field = next(f for f in body["fields"] if f["key"] == "document_type")
    assert (field["type"], field["scope"], field["required"]) == ("choice", "every_guest", True)
    assert field["label"]["en"] == "Document type"
    assert field["label"]["es"]  # the standard fields come translated
    assert {"value": "passport", "label": field["options"][0]["label"]} in field["options"]
    assert field["options"][0]["label"]["en"]


def test_help_text_is_given_by_language(cast, keys, api):
    form = own_form(cast)
    FormFieldFactory(form=form, key="parking", help_text={"en": "Plate number", "es": "Matrícula"}, position=2)

    body = api(keys.read).get(detail(form)).json()

    assert body["fields"][1]["help_text"] == {"en": "Plate number", "es": "Matrícula"}


def test_identity_data_is_flagged_and_a_document_field_always_is(cast, keys, api):
    form = own_form(cast)
    FormFieldFactory(form=form, key="passport", type="document", sensitive=False, position=2)
    FormFieldFactory(form=form, key="tax_id", sensitive=True, position=3)

    body = api(keys.read).get(detail(form)).json()

    assert {f["key"]: f["identity_data"] for f in body["fields"]} == {
        "pet_name": False,
        "passport": True,
        "tax_id": True,
    }


def test_the_default_form_is_used_by_every_property_without_a_form_of_its_own(cast, keys, api):
    loft_form = own_form(cast, cast.loft)

    forms = {f["id"]: f for f in results(api(keys.read).get(LIST))}

    assert forms[cast.form.pk]["properties"] == [{"id": cast.villa.pk, "name": "Villa Mar"}]
    assert forms[loft_form.pk]["properties"] == [{"id": cast.loft.pk, "name": "Old Town Loft"}]


def test_archived_properties_are_left_out_of_a_forms_properties(cast, keys, api):
    cast.loft.archived_at = timezone.now()
    cast.loft.save()

    [body] = results(api(keys.read).get(LIST))

    assert [p["name"] for p in body["properties"]] == ["Villa Mar"]


def test_the_version_is_null_before_any_guest_answered_the_form(cast, keys, api):
    body = api(keys.read).get(detail(cast.form)).json()

    assert body["version"] is None
    assert body["changed_since_version"] is False


def test_the_version_is_the_one_guests_answer_and_says_when_the_fields_changed_since(cast, keys, api):
    start_checkin(reservation=cast.villa_reservation, language="en")  # freezes version 1

    body = api(keys.read).get(detail(cast.form)).json()
    assert (body["version"], body["changed_since_version"]) == (1, False)

    FormFieldFactory(form=cast.form, key="parking", position=99)
    body = api(keys.read).get(detail(cast.form)).json()
    assert (body["version"], body["changed_since_version"]) == (1, True)
    assert body["fields"][-1]["key"] == "parking"


def test_the_version_is_the_latest_of_several(cast, keys, api):
    form = own_form(cast)
    for number in (1, 3, 2):
        FormVersionFactory(form=form, number=number)

    assert api(keys.read).get(detail(form)).json()["version"] == 3


def test_reading_the_forms_writes_nothing(cast, keys, api):
    before = (ActivityLog.objects.count(), CheckinForm.objects.count())

    api(keys.read).get(LIST)
    api(keys.read).get(detail(cast.form))

    assert (ActivityLog.objects.count(), CheckinForm.objects.count()) == before
    assert not cast.form.versions.exists()  # reading never freezes a version


# --- Filters and bad input ----------------------------------------------------------------------------


def test_filters_the_default_form_in_or_out(cast, keys, api):
    loft_form = own_form(cast, cast.loft)

    assert [f["id"] for f in results(api(keys.read).get(LIST, {"is_default": "true"}))] == [cast.form.pk]
    assert [f["id"] for f in results(api(keys.read).get(LIST, {"is_default": "false"}))] == [loft_form.pk]


def test_an_unknown_filter_value_is_400_naming_the_field(keys, api):
    response = api(keys.read).get(LIST, {"is_default": "perhaps"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "is_default" in response.json()["error"]["fields"]


@pytest.mark.parametrize("form_id", ["abc", "-1", "0", "99999999999999999999999", "1e3"])
def test_an_id_that_is_not_one_is_not_found_in_the_error_shape(keys, api, form_id):
    response = api(keys.read).get(f"/api/v1/checkin-forms/{form_id}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_pages_follow_the_cursor(cast, keys, api):
    for n in range(3):
        own_form(cast, name=f"Form {n}")

    first = api(keys.read).get(LIST, {"page_size": 2}).json()
    second = api(keys.read).get(first["next"]).json()

    assert len(first["results"]) == 2
    assert len(second["results"]) == 2
    assert {f["id"] for f in first["results"]}.isdisjoint(f["id"] for f in second["results"])


# --- Who reads which forms ------------------------------------------------------------------------------


def test_another_accounts_form_is_not_found_and_not_listed(cast, keys, api):
    theirs = cast.outsider_form

    assert api(keys.read).get(detail(theirs)).status_code == 404
    assert api(keys.outsider).get(detail(cast.form)).status_code == 404
    assert [f["id"] for f in results(api(keys.outsider).get(LIST))] == [theirs.pk]


def test_a_key_limited_to_the_villa_sees_the_forms_but_only_the_villa_among_their_properties(cast, keys, api):

    [body] = results(api(keys.villa_only).get(LIST))

    assert [p["name"] for p in body["properties"]] == ["Villa Mar"]


def test_a_concierge_signed_in_reads_the_forms(cast, client_for):

    response = client_for(cast.concierge).get(detail(cast.form))

    assert response.status_code == 200
    assert [p["name"] for p in response.json()["properties"]] == ["Villa Mar"]


@pytest.mark.parametrize("key", ["read", "write"])
def test_no_key_may_create_change_or_delete_a_form(cast, keys, api, key):
    client = api(getattr(keys, key))

    # Forms are built on the dashboard: the API has no such methods.
    assert client.post(LIST, {"name": "New"}, format="json").status_code == 405
    assert client.patch(detail(cast.form), {"name": "Renamed"}, format="json").status_code == 405
    assert client.delete(detail(cast.form)).status_code == 405
    cast.form.refresh_from_db()
    assert cast.form.name != "Renamed"
    assert CheckinForm.objects.filter(organization=cast.organization).count() == 1


def test_no_key_or_a_revoked_one_is_401(cast, keys, api):
    assert api().get(LIST).status_code == 401
    assert api(keys.revoked).get(LIST).status_code == 401


def test_the_query_count_does_not_grow_with_the_forms(cast, keys, api):
    client = api(keys.read)
    client.get(LIST)  # the key's first use writes its `last_used_at`
    with CaptureQueriesContext(connection) as one:
        assert len(results(client.get(LIST))) == 1

    for n in range(29):
        form = own_form(cast, name=f"Form {n}")
        FormFieldFactory(form=form, key="extra", position=2)
        FormVersionFactory(form=form, number=1)
        FormVersionFactory(form=form, number=2)
    with CaptureQueriesContext(connection) as thirty:
        assert len(results(client.get(LIST, {"page_size": 100}))) == 30

    assert len(thirty) == len(one)
