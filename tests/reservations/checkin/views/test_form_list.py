"""The host account's check-in forms: the list, a new form, a copy, the default."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog
from reservations.checkin.models import CheckinForm
from reservations.checkin.standard_fields import DEFAULT_FORM_KEYS
from tests.factories import FormFieldFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("checkin:forms")
CREATE_URL = reverse("checkin:form_create")


def _builder_url(form):
    return reverse("checkin:form_builder", args=[form.pk])


def _keys(form):
    return list(form.fields.values_list("key", flat=True))


def test_lists_the_accounts_forms_with_their_properties(cast, client_for):
    default = cast.form  # used by every property without a form of its own
    response = client_for(cast.owner).get(LIST_URL)

    assertContains(response, default.name)
    assertContains(response, "Default")
    assertContains(response, "Old Town Loft, Villa Mar")
    assertNotContains(response, "Rival")


def test_a_manager_sees_only_their_properties_in_the_list(cast, client_for):
    default = cast.form
    response = client_for(cast.manager).get(LIST_URL)

    assertContains(response, default.name)
    assertContains(response, "Villa Mar")
    assertNotContains(response, "Old Town Loft")


def test_managers_and_owners_see_the_forms_link_concierges_do_not(cast, client_for):
    assertContains(client_for(cast.manager).get(reverse("dashboard")), LIST_URL)
    assertNotContains(client_for(cast.concierge).get(reverse("dashboard")), LIST_URL)


def test_a_new_form_starts_with_the_standard_fields(cast, client_for):
    response = client_for(cast.manager).post(CREATE_URL, {"name": "  Long stays "}, follow=True)

    form = CheckinForm.objects.get(name="Long stays")
    assertRedirects(response, _builder_url(form))
    assert form.organization == cast.organization
    assert not form.is_default
    assert _keys(form) == DEFAULT_FORM_KEYS
    assert ActivityLog.objects.filter(action="form.created", target_id=str(form.pk)).exists()


def test_a_new_form_needs_a_name(cast, client_for):
    response = client_for(cast.owner).post(CREATE_URL, {"name": ""})

    assertContains(response, "This field is required.", status_code=400)
    assert not CheckinForm.objects.exists()


def test_a_copy_has_the_same_fields_and_is_independent(cast, client_for):
    original = cast.form
    response = client_for(cast.manager).post(reverse("checkin:form_duplicate", args=[original.pk]), follow=True)

    copy = CheckinForm.objects.exclude(pk=original.pk).get()
    assertRedirects(response, _builder_url(copy))
    assert copy.name == "Copy of Standard check-in"
    assert not copy.is_default
    assert _keys(copy) == _keys(original)
    assert copy.fields.get(key="phone").help_text == original.fields.get(key="phone").help_text

    copy.fields.filter(key="phone").delete()
    FormFieldFactory(form=copy, key="pets")

    assert "phone" in _keys(original)
    assert "pets" not in _keys(original)


def test_making_a_form_the_default_leaves_only_one_default(cast, client_for):
    old_default = cast.form
    other = CheckinForm.objects.create(organization=cast.organization, name="Long stays")

    response = client_for(cast.owner).post(
        reverse("checkin:form_make_default", args=[other.pk]), {"back": "list"}, follow=True
    )

    assertRedirects(response, LIST_URL)
    assertContains(response, "is now the form of every property without one of its own")
    assert list(CheckinForm.objects.filter(organization=cast.organization, is_default=True)) == [other]
    old_default.refresh_from_db()
    assert not old_default.is_default


def test_making_the_default_does_not_touch_another_accounts_default(cast, client_for):
    theirs = cast.outsider_form
    other = CheckinForm.objects.create(organization=cast.organization, name="Long stays")

    client_for(cast.owner).post(reverse("checkin:form_make_default", args=[other.pk]))

    theirs.refresh_from_db()
    assert theirs.is_default


def test_a_form_is_renamed(cast, client_for):
    url = reverse("checkin:form_rename", args=[cast.form.pk])

    response = client_for(cast.owner).post(url, {"name": "Everyone"}, follow=True)

    assertRedirects(response, _builder_url(cast.form))
    assertContains(response, "<h1>Everyone")
    assert CheckinForm.objects.get(pk=cast.form.pk).name == "Everyone"


def test_a_blank_name_is_refused(cast, client_for):
    url = reverse("checkin:form_rename", args=[cast.form.pk])

    response = client_for(cast.owner).post(url, {"name": " "})

    assertContains(response, "This field is required.", status_code=400)
    assert CheckinForm.objects.get(pk=cast.form.pk).name == "Standard check-in"
