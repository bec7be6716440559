"""The stay as a calendar event: the guest taps "Add to calendar" on the portal's first page."""

from datetime import date, time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from portal.calendar import _fold


@pytest.fixture
def stay(portal):
    portal.check_in, portal.check_out = date(2031, 7, 9), date(2031, 7, 12)
    portal.confirmation_code = "HM-CAL"
    portal.save()
    villa = portal.property
    villa.name, villa.timezone = "Villa Mar, Dénia", "Europe/Madrid"
    villa.check_in_time, villa.check_out_time = time(16, 0), time(10, 30)
    villa.address, villa.city, villa.country = "Carrer de la Mar 12; 2º", "Dénia", "ES"
    villa.save()
    return portal


def _ics(client, reservation):
    return client.get(reverse("portal:calendar", args=[reservation.portal_token]))


def _unfolded(response):
    return response.content.decode().replace("\r\n ", "").split("\r\n")


def test_the_stay_runs_from_check_in_time_to_check_out_time_in_utc(client, stay):
    response = _ics(client, stay)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stay-HM-CAL.ics"'
    lines = _unfolded(response)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "DTSTART:20310709T140000Z" in lines  # 16:00 in Madrid, summer time
    assert "DTEND:20310712T083000Z" in lines
    assert lines[-2:] == ["END:VCALENDAR", ""]


def test_text_is_escaped_and_names_the_place_and_the_portal(client, stay):
    lines = _unfolded(_ics(client, stay))

    assert "SUMMARY:Stay at Villa Mar\\, Dénia" in lines
    assert "LOCATION:Carrer de la Mar 12\\; 2º\\, Dénia\\, Spain" in lines
    portal = f"http://testserver/g/{stay.portal_token}/"
    assert f"DESCRIPTION:Booking HM-CAL. Your stay page: {portal}" in lines
    assert f"UID:stay-{stay.pk}@testserver" in lines


def test_in_the_guests_language(client, stay):
    response = client.get(reverse("portal:calendar", args=[stay.portal_token]), headers={"accept-language": "es"})

    assertContains(response, "SUMMARY:Estancia en Villa Mar\\, Dénia")


def test_long_lines_are_folded_without_splitting_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = _fold(line)

    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_a_wrong_link_gives_nothing(client, stay):
    assert client.get(reverse("portal:calendar", args=["x" * 43])).status_code == 404


def test_the_first_page_offers_it(client, stay):
    assertContains(client.get(reverse("portal:home", args=[stay.portal_token])), "Add to calendar")
