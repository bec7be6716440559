"""The account's messaging settings and automations (owners)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from notifications.models import Automation, MessagingSettings

pytestmark = pytest.mark.django_db

URL = reverse("notifications:settings")


def form(**changes):
    data = {
        "settings-fallback": "email",
        "settings-whatsapp_from": "",
        "settings-sms_from": "+34911222333",
        "settings-quiet_from": "22:00",
        "settings-quiet_until": "07:30",
        "auto-checkin_reminder-enabled": "on",
        "auto-checkin_reminder-days": "4",
        "auto-checkin_reminder-hour": "9",
        "auto-checkin_reminder-max_times": "3",
        "auto-arrival_access-hour": "8",
        "auto-thank_you-days": "1",
        "auto-thank_you-hour": "11",
    }
    data.update(changes)
    return data


def test_the_page_lists_settings_automations_and_wording(cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "When WhatsApp fails")
    assertContains(response, "Check-in reminder")
    assertContains(response, reverse("notifications:template", args=["checkin_reminder", "en"]))


def test_saving(cast, client_for):
    response = client_for(cast.owner).post(URL, form(), follow=True)

    assertContains(response, "Messaging settings saved.")
    own = MessagingSettings.objects.get(organization=cast.organization)
    assert (own.fallback, own.sms_from, own.quiet_from.hour) == ("email", "+34911222333", 22)
    reminder = Automation.objects.get(organization=cast.organization, event="checkin_reminder")
    assert (reminder.enabled, reminder.days, reminder.hour, reminder.max_times) == (True, 4, 9, 3)
    access = Automation.objects.get(organization=cast.organization, event="arrival_access")
    assert (access.enabled, access.hour) == (False, 8)


def test_an_hour_out_of_range_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, form(**{"auto-arrival_access-hour": "25"}))

    assertContains(response, "Some settings need fixing", status_code=400)
    assert not Automation.objects.exists()


def test_managers_are_refused(cast, client_for):
    assert client_for(cast.manager).post(URL, form()).status_code == 403


def test_own_numbers_are_kept_in_e164(cast, client_for):
    client_for(cast.owner).post(URL, form(**{"settings-whatsapp_from": "+34 600 11 22 33", "settings-sms_from": ""}))

    own = MessagingSettings.objects.get(organization=cast.organization)
    assert (own.whatsapp_from, own.sms_from) == ("whatsapp:+34600112233", "")


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("600 11 22 33", "Enter the number with its country code"),
        ("+34911000111", "Another GoRently account sends from this number."),
    ],
)
def test_an_own_number_that_is_not_one_or_is_taken_is_refused(cast, client_for, number, error):
    MessagingSettings.objects.create(organization=cast.outsider.organization, sms_from="+34911000111")

    response = client_for(cast.owner).post(URL, form(**{"settings-sms_from": number}))

    assertContains(response, error, status_code=400)
    assert not MessagingSettings.objects.filter(organization=cast.organization).exists()


def test_answers_to_what_a_guest_did_are_on_until_turned_off(cast, client_for):
    client_for(cast.owner).post(URL, form())

    saved = dict(Automation.objects.filter(organization=cast.organization).values_list("event", "enabled"))
    assert saved["booking_confirmed"] is False  # the form did not tick it
    response = client_for(cast.owner).get(URL)
    assertContains(response, 'name="auto-extra_purchased-enabled"')
    Automation.objects.all().delete()
    html = client_for(cast.owner).get(URL).content.decode()
    assert 'name="auto-team_checkin_completed-enabled" id="id_auto-team_checkin_completed-enabled" checked' in html
