"""The party is checked against the booking, and the guest who signs the agreement is an adult.

Found on a real walk: a booking for 2 checked in as 1 and the guest's answer silently replaced the
host's number; a main guest born in 2015 signed the rental agreement.
"""

from datetime import date, timedelta

import pytest

from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import MAIN_GUEST, fill_in_everything, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(portal):
    return start_checkin(reservation=portal, language="en")


def test_a_party_smaller_than_booked_keeps_the_booking_and_shows_the_difference(portal, submission):
    fill_in_everything(submission, party_size=1)
    submit_checkin(submission=submission, notify=False)

    portal.refresh_from_db()
    assert (portal.guests_count, portal.party_checked_in) == (2, 1)
    assert portal.party_differs()


def test_the_same_party_as_booked_shows_no_difference(portal, submission):
    fill_in_everything(submission, party_size=2)
    submit_checkin(submission=submission, notify=False)

    portal.refresh_from_db()
    assert not portal.party_differs()


def test_where_the_host_says_so_guests_check_in_as_many_as_booked(cast, portal, submission):
    cast.organization.guests_may_change_party = False
    cast.organization.save()

    errors = save(submission, "details", {"party_size": "1"})

    assert errors == {
        "party_size": "Your booking is for 2 guests. To check in another number, please ask your host first."
    }
    assert save(submission, "details", {"party_size": "2"}) == {}


def born_years_before_arrival(portal, years, days=0):
    return (portal.check_in.replace(year=portal.check_in.year - years) + timedelta(days=days)).isoformat()


def test_a_child_cannot_be_the_main_guest_who_signs(portal, submission):
    save(submission, "details", {"party_size": "2"})

    errors = save(submission, "guest-1", MAIN_GUEST | {"f-date_of_birth": "2015-06-01"})

    assert "must be 18 or older" in errors["f-date_of_birth"]
    submission.refresh_from_db()
    assert submission.answers.get("guests", []) == [] or not submission.answers["guests"][0]


def test_eighteen_on_the_day_of_arrival_is_old_enough(portal, submission):
    save(submission, "details", {"party_size": "2"})

    assert save(submission, "guest-1", MAIN_GUEST | {"f-date_of_birth": born_years_before_arrival(portal, 18)}) == {}


def test_a_day_short_of_eighteen_is_not(portal, submission):
    save(submission, "details", {"party_size": "2"})

    errors = save(submission, "guest-1", MAIN_GUEST | {"f-date_of_birth": born_years_before_arrival(portal, 18, 1)})

    assert "f-date_of_birth" in errors


def test_the_host_sets_the_age(cast, portal, submission):
    cast.organization.adult_age = 16
    cast.organization.save()
    save(submission, "details", {"party_size": "2"})

    assert save(submission, "guest-1", MAIN_GUEST | {"f-date_of_birth": born_years_before_arrival(portal, 17)}) == {}


def test_other_guests_may_be_children(portal, submission):
    save(submission, "details", {"party_size": "2"})
    save(submission, "guest-1", MAIN_GUEST)

    child = {"f-first_name": "Lía", "f-last_name": "García", "f-nationality": "ES", "f-date_of_birth": "2019-02-02"}
    child |= {"f-document_type": "id_card", "f-document_number": "Z1234567"}
    assert save(submission, "guest-2", child) == {}
    assert date.fromisoformat("2019-02-02") < portal.check_in
