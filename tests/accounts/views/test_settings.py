"""Account settings: the host account's name and guest languages."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog

pytestmark = pytest.mark.django_db

URL = reverse("accounts:settings")


def test_shows_the_current_name(cast, client_for):
    assertContains(client_for(cast.owner).get(URL), 'value="Seaside Stays"')


ALL_OTHER_LANGUAGES = ["es", "fr", "de", "it", "pt"]


def test_renames_the_account_and_logs_it(cast, client_for):
    data = {"name": "  Seaside Stays & Co  ", "languages": ALL_OTHER_LANGUAGES}
    response = client_for(cast.owner).post(URL, data, follow=True)

    assertRedirects(response, URL)
    assertContains(response, "Settings saved.")
    cast.organization.refresh_from_db()
    assert cast.organization.name == "Seaside Stays & Co"
    entry = ActivityLog.objects.get(action="account.updated")
    assert entry.organization == cast.organization
    assert entry.details == {"name": ["Seaside Stays", "Seaside Stays & Co"]}


def test_the_new_name_shows_in_the_top_bar(cast, client_for):
    client = client_for(cast.owner)
    client.post(URL, {"name": "Seaside Stays & Co"})

    assertContains(client.get(reverse("dashboard")), "<strong>Seaside Stays &amp; Co</strong>")


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused(cast, client_for, name):
    response = client_for(cast.owner).post(URL, {"name": name})

    assertContains(response, "This field is required.", status_code=400)
    cast.organization.refresh_from_db()
    assert cast.organization.name == "Seaside Stays"
    assert not ActivityLog.objects.filter(action="account.updated").exists()


def test_a_too_long_name_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "x" * 121})

    assertContains(response, "Ensure this value has at most 120 characters", status_code=400)
    cast.organization.refresh_from_db()
    assert cast.organization.name == "Seaside Stays"


def test_the_rename_does_not_touch_other_accounts(cast, client_for):
    client_for(cast.owner).post(URL, {"name": "Renamed"})

    cast.outsider.organization.refresh_from_db()
    assert cast.outsider.organization.name == "Rival Rentals"


def test_chooses_the_guest_languages_english_always_included(cast, client_for):
    client_for(cast.owner).post(URL, {"name": "Seaside Stays", "languages": ["pt", "es"]})

    cast.organization.refresh_from_db()
    assert cast.organization.languages == ["en", "es", "pt"]
    entry = ActivityLog.objects.get(action="account.updated")
    assert entry.details["languages"][1] == "['en', 'es', 'pt']"


def test_an_unknown_language_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Seaside Stays", "languages": ["xx"]})

    assert response.status_code == 400
    cast.organization.refresh_from_db()
    assert cast.organization.languages == ["en", *ALL_OTHER_LANGUAGES]
