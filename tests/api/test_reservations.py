"""/api/v1/reservations/: an integration lists, reads, adds, changes and cancels the stays it sees.

Reads need any key; writes a read-and-write key (Rule.EDIT_RESERVATIONS), through the services, logged
under the key's name. Another account's stays, and a limited key's other properties, do not exist.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivityLog, ActorType
from reservations.models import CheckinStatus, Guest, Reservation, ReservationStatus
from reservations.selectors import reservation_for_token
from tests.factories import PropertyFactory, ReservationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:reservation-list")
ARRIVAL = date(2030, 7, 1)


def detail(reservation):
    return reverse("api:reservation-detail", args=[reservation.pk])


def cancel(reservation):
    return reverse("api:reservation-cancel", args=[reservation.pk])


def guests(body):
    return [row["guest_name"] for row in body["results"]]


def new(place, **fields):
    return {
        "property": place.pk,
        "check_in": "2030-07-01",
        "check_out": "2030-07-05",
        "guests_count": 2,
        "guest_name": "Ana García",
        "guest_email": "ana@example.net",
    } | fields


def written():
    """What a refused write must not have added to."""
    return Reservation.objects.count(), Guest.objects.count(), ActivityLog.objects.count()


def fields_of(response):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["fields"]


def archive(property):
    property.archived_at = timezone.now()
    property.save()


# --- Reading ------------------------------------------------------------------------------------


def test_lists_the_accounts_reservations(cast, keys, api):
    assert sorted(guests(api(keys.read).get(LIST).json())) == ["Ana Villa", "Lars Loft"]


def test_a_reservation_reads_with_its_guest_and_check_in(cast, keys, api):
    stay = cast.villa_reservation

    body = api(keys.read).get(detail(stay)).json()

    assert body == {
        "id": stay.pk,
        "property": cast.villa.pk,
        "confirmation_code": stay.confirmation_code,
        "channel": "direct",
        "status": "confirmed",
        "check_in": stay.check_in.isoformat(),
        "check_out": stay.check_out.isoformat(),
        "guests_count": 2,
        "guest_name": "Ana Villa",
        "guest_email": stay.guest_email,
        "guest_phone": "",
        "guest_language": "",
        "notes": "",
        "checkin_status": "not_started",
        "checkin_completed_at": None,
        "party_checked_in": None,
        "portal_url": settings.SITE_URL + reverse("portal:home", args=[stay.portal_token]),
        "external_id": "",
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


def test_the_portal_link_is_absolute_for_every_reader(cast, keys, api, client_for):
    link = api(keys.read).get(detail(cast.villa_reservation)).json()["portal_url"]

    assert link.startswith(settings.SITE_URL + "/")
    assert client_for(cast.concierge).get(detail(cast.villa_reservation)).json()["portal_url"] == link


def test_a_switched_off_link_reads_as_none(cast, keys, api):
    cast.villa_reservation.portal_revoked_at = timezone.now()
    cast.villa_reservation.save()

    assert api(keys.read).get(detail(cast.villa_reservation)).json()["portal_url"] is None


def test_another_accounts_reservation_is_neither_listed_nor_found(cast, keys, api):
    assert "Otto Outsider" not in guests(api(keys.read).get(LIST).json())

    response = api(keys.read).get(detail(cast.outsider_reservation))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert api(keys.outsider).get(detail(cast.villa_reservation)).status_code == 404


def test_a_key_limited_to_the_villa_sees_only_the_villas_stays(cast, keys, api):
    assert guests(api(keys.villa_only).get(LIST).json()) == ["Ana Villa"]
    assert api(keys.villa_only).get(detail(cast.loft_reservation)).status_code == 404


def test_a_signed_in_concierge_reads_the_villas_stays(cast, client_for):
    concierge = client_for(cast.concierge)

    assert guests(concierge.get(LIST).json()) == ["Ana Villa"]
    assert concierge.get(detail(cast.villa_reservation)).status_code == 200
    assert concierge.get(detail(cast.loft_reservation)).status_code == 404


def test_no_key_or_a_revoked_key_is_401(keys, api):
    assert api().get(LIST).status_code == 401
    assert api(keys.revoked).get(LIST).status_code == 401


# --- Filters and order -----------------------------------------------------------------------------


def test_filters_by_property(cast, keys, api):
    assert guests(api(keys.read).get(LIST, {"property": cast.loft.pk}).json()) == ["Lars Loft"]


def test_filtering_by_another_accounts_property_finds_nothing(cast, keys, api):
    assert guests(api(keys.read).get(LIST, {"property": cast.outsider_property.pk}).json()) == []


def test_filters_by_status(cast, keys, api):
    ReservationFactory(property=cast.villa, guest_name="Gone", status=ReservationStatus.CANCELED)

    assert guests(api(keys.read).get(LIST, {"status": "canceled"}).json()) == ["Gone"]


def test_filters_by_check_in_status(cast, keys, api):
    ReservationFactory(property=cast.villa, guest_name="Done", checkin_status=CheckinStatus.COMPLETED)

    assert guests(api(keys.read).get(LIST, {"checkin_status": "completed"}).json()) == ["Done"]


def test_filters_by_arrival_days_both_included(cast, keys, api):
    for day, name in [(1, "First"), (5, "Fifth"), (9, "Ninth")]:
        ReservationFactory(property=cast.villa, guest_name=name, check_in=ARRIVAL + timedelta(days=day - 1))

    body = api(keys.read).get(LIST, {"arrival_from": "2030-07-01", "arrival_to": "2030-07-05", "ordering": "check_in"})

    assert guests(body.json()) == ["First", "Fifth"]


def test_filters_by_the_time_of_the_last_change(cast, keys, api):
    Reservation.objects.filter(pk=cast.loft_reservation.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))

    body = api(keys.read).get(LIST, {"updated_since": "2021-01-01T00:00:00Z"}).json()

    assert guests(body) == ["Ana Villa"]


@pytest.mark.parametrize(("ordering", "expected"), [("check_in", ["Early", "Late"]), ("-check_in", ["Late", "Early"])])
def test_orders_by_arrival(cast, keys, api, ordering, expected):
    ReservationFactory(property=cast.villa, guest_name="Late", check_in=ARRIVAL + timedelta(days=30))
    ReservationFactory(property=cast.villa, guest_name="Early", check_in=ARRIVAL)

    body = api(keys.read).get(LIST, {"ordering": ordering, "arrival_from": "2030-01-01"}).json()

    assert guests(body) == expected


def test_the_newest_come_first_by_default(cast, keys, api):
    ReservationFactory(property=cast.villa, guest_name="Newest")

    assert guests(api(keys.read).get(LIST).json())[0] == "Newest"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "bogus"),
        ("checkin_status", "done"),
        ("arrival_from", "2026-02-30"),
        ("arrival_to", "tomorrow"),
        ("updated_since", "2026-13-45T00:00"),
        ("property", "abc"),
        ("property", "1.5"),
        ("property", "99999999999999999999"),
        ("property", "-1"),
    ],
)
def test_a_filter_that_makes_no_sense_is_400_naming_it(keys, api, name, value):
    assert name in fields_of(api(keys.read).get(LIST, {name: value}))


def test_the_list_costs_the_same_queries_for_one_stay_or_thirty(cast, keys, api, django_assert_max_num_queries):
    client = api(keys.villa_only)  # the limited key: its property filter is part of the query
    client.get(LIST)  # the key's first use of the minute also notes when it was used
    with django_assert_max_num_queries(3) as one:
        assert len(client.get(LIST).json()["results"]) == 1
    ReservationFactory.create_batch(29, property=cast.villa)

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(LIST, {"page_size": 100}).json()["results"]) == 30


@pytest.mark.parametrize("pk", ["0", "abc", "-1", "0.5", "null,null", "99999999999999999999"])
def test_an_id_that_is_not_one_is_404_for_reads_and_writes(keys, api, pk):
    client = api(keys.write)

    for response in (
        client.get(f"{LIST}{pk}/"),
        client.patch(f"{LIST}{pk}/", {"notes": "x"}, format="json"),
        client.post(f"{LIST}{pk}/cancel/"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404


# --- Adding -------------------------------------------------------------------------------------


def test_a_write_key_adds_a_reservation_to_the_account(cast, keys, api):
    response = api(keys.write).post(LIST, new(cast.villa, guest_phone="+34600123456"), format="json")

    assert response.status_code == 201
    body = response.json()
    stay = Reservation.objects.get(pk=body["id"])
    assert (stay.organization, stay.property, stay.guest_name) == (cast.organization, cast.villa, "Ana García")
    assert body["confirmation_code"].startswith("GR-")
    assert body["guest_phone"] == "+34600123456"
    assert body["portal_url"] == settings.SITE_URL + reverse("portal:home", args=[stay.portal_token])
    assert stay.guests.get().first_name == "Ana"


def test_a_given_confirmation_code_is_kept(cast, keys, api):
    body = api(keys.write).post(LIST, new(cast.villa, confirmation_code="HM-123"), format="json").json()

    assert body["confirmation_code"] == "HM-123"


def test_adding_is_logged_under_the_keys_name(cast, keys, api):
    body = api(keys.write).post(LIST, new(cast.villa), format="json").json()

    entry = ActivityLog.objects.get(action="reservation.created")
    assert entry.actor_type == ActorType.INTEGRATION
    assert entry.actor_label.startswith("API key Front desk (")
    assert entry.target_id == str(body["id"])
    assert entry.organization == cast.organization


def test_a_read_only_key_may_not_add_and_nothing_is_written(cast, keys, api):
    before = written()

    response = api(keys.read).post(LIST, new(cast.villa), format="json")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert written() == before


def test_a_signed_in_concierge_may_not_add(cast, client_for):
    concierge = client_for(cast.concierge)  # signing in is logged
    before = written()

    response = concierge.post(LIST, new(cast.villa), content_type="application/json")

    assert response.status_code == 403
    assert written() == before


def test_a_signed_in_manager_adds_to_their_property(cast, client_for):
    response = client_for(cast.manager).post(LIST, new(cast.villa), content_type="application/json")

    assert response.status_code == 201
    assert ActivityLog.objects.get(action="reservation.created").actor_user == cast.manager.user


@pytest.mark.parametrize("property", ["outsider_property", "loft"])
def test_a_property_the_key_does_not_see_reads_as_missing(cast, keys, api, property):
    before = written()

    unseen = fields_of(api(keys.villa_only).post(LIST, new(getattr(cast, property)), format="json"))
    missing = fields_of(api(keys.villa_only).post(LIST, new(cast.villa, property=987654), format="json"))

    assert unseen["property"] == [missing["property"][0].replace("987654", str(getattr(cast, property).pk))]
    assert written() == before


def test_an_archived_property_takes_no_new_stays(cast, keys, api):
    archive(cast.loft)

    assert "archived" in fields_of(api(keys.write).post(LIST, new(cast.loft), format="json"))["property"][0]


@pytest.mark.parametrize("check_out", ["2030-07-01", "2030-06-30"])
def test_a_check_out_not_after_check_in_is_400_and_nothing_is_written(cast, keys, api, check_out):
    before = written()

    fields = fields_of(api(keys.write).post(LIST, new(cast.villa, check_out=check_out), format="json"))

    assert fields == {"check_out": ["Check-out must be after check-in."]}
    assert written() == before


def test_more_guests_than_the_property_sleeps_is_400(cast, keys, api):
    fields = fields_of(api(keys.write).post(LIST, new(cast.villa, guests_count=7), format="json"))

    assert fields == {"guests_count": ["This property sleeps at most 6 guests."]}


def test_a_confirmation_code_already_used_in_the_account_is_400(cast, keys, api):
    code = cast.loft_reservation.confirmation_code
    before = written()

    response = api(keys.write).post(LIST, new(cast.villa, confirmation_code=code), format="json")

    assert fields_of(response) == {"confirmation_code": ["Another reservation already has this confirmation code."]}
    assert written() == before


def test_changing_to_a_confirmation_code_already_used_is_400(cast, keys, api):
    code = cast.loft_reservation.confirmation_code

    response = api(keys.write).patch(detail(cast.villa_reservation), {"confirmation_code": code}, format="json")

    assert list(fields_of(response)) == ["confirmation_code"]


def test_a_stay_may_not_be_added_canceled(cast, keys, api):
    assert "status" in fields_of(api(keys.write).post(LIST, new(cast.villa, status="canceled"), format="json"))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("property", "abc"),
        ("property", 99999999999999999999),
        ("property", 1.5),
        ("property", True),
        ("property", None),
        ("check_in", "2026-02-30"),
        ("check_out", 20260301),
        ("check_in", "1999-12-31"),
        ("check_out", "9999-12-31"),
        ("channel", "telepathy"),
        ("status", "maybe"),
        ("guests_count", 99999999999999999999),
        ("guests_count", 0),
        ("guest_name", ""),
        ("guest_name", "x" * 151),
        ("guest_name", "Ana\x00"),
        ("guest_email", "not-an-email"),
        ("guest_phone", "600 123"),
        ("guest_language", "klingon"),
        ("confirmation_code", "x" * 41),
    ],
)
def test_bad_input_is_400_naming_the_field(cast, keys, api, name, value):
    before = written()

    assert name in fields_of(api(keys.write).post(LIST, new(cast.villa, **{name: value}), format="json"))
    assert written() == before


def test_a_body_that_is_not_json_is_400(keys, api):
    response = api(keys.write).post(LIST, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


# --- Changing -----------------------------------------------------------------------------------


def test_a_write_key_changes_only_the_fields_sent(cast, keys, api):
    stay = cast.villa_reservation

    response = api(keys.write).patch(detail(stay), {"guests_count": 3, "notes": "Cot needed."}, format="json")

    assert response.status_code == 200
    stay.refresh_from_db()
    assert (stay.guests_count, stay.notes, stay.guest_name) == (3, "Cot needed.", "Ana Villa")
    assert response.json()["guests_count"] == 3


def test_a_change_is_logged_under_the_keys_name(cast, keys, api):
    api(keys.write).patch(detail(cast.villa_reservation), {"guests_count": 3}, format="json")

    entry = ActivityLog.objects.get(action="reservation.updated")
    assert entry.actor_type == ActorType.INTEGRATION
    assert entry.actor_label.startswith("API key Front desk (")
    assert entry.details == {"changed": {"guests_count": ["2", "3"]}}


def test_read_only_fields_sent_are_ignored(cast, keys, api):
    stay = cast.villa_reservation
    body = {"checkin_status": "completed", "external_id": "forged", "portal_url": "https://evil.example/"}

    api(keys.write).patch(detail(stay), body, format="json")

    stay.refresh_from_db()
    assert (stay.checkin_status, stay.external_id) == ("not_started", "")


def test_a_read_only_key_may_not_change_and_nothing_changes(cast, keys, api):
    response = api(keys.read).patch(detail(cast.villa_reservation), {"guest_name": "Forged"}, format="json")

    assert response.status_code == 403
    cast.villa_reservation.refresh_from_db()
    assert cast.villa_reservation.guest_name == "Ana Villa"


def test_a_signed_in_concierge_may_not_change(cast, client_for):
    response = client_for(cast.concierge).patch(
        detail(cast.villa_reservation), {"guest_name": "Forged"}, content_type="application/json"
    )

    assert response.status_code == 403


def test_changing_a_stay_the_key_does_not_see_is_404(cast, keys, api):
    assert api(keys.villa_only).patch(detail(cast.loft_reservation), {"notes": "x"}, format="json").status_code == 404
    assert api(keys.outsider).patch(detail(cast.villa_reservation), {"notes": "x"}, format="json").status_code == 404
    cast.loft_reservation.refresh_from_db()
    assert cast.loft_reservation.notes == ""


def test_a_stay_moves_only_to_a_property_the_key_sees(cast, keys, api):
    fields = fields_of(api(keys.villa_only).patch(detail(cast.villa_reservation), {"property": cast.loft.pk}))

    assert "property" in fields
    cast.villa_reservation.refresh_from_db()
    assert cast.villa_reservation.property == cast.villa


def test_a_stay_keeps_its_archived_property_but_moves_to_no_other(cast, keys, api):
    archive(cast.villa)
    archive(cast.loft)
    stay = cast.villa_reservation

    kept = api(keys.write).patch(detail(stay), {"property": cast.villa.pk, "notes": "x"}, format="json")
    moved = api(keys.write).patch(detail(stay), {"property": cast.loft.pk}, format="json")

    assert kept.status_code == 200
    assert "property" in fields_of(moved)


def test_a_change_the_model_refuses_is_400_and_changes_nothing(cast, keys, api):
    stay = cast.villa_reservation
    log = ActivityLog.objects.count()

    response = api(keys.write).patch(detail(stay), {"check_out": stay.check_in.isoformat(), "notes": "x"})

    assert fields_of(response) == {"check_out": ["Check-out must be after check-in."]}
    stay.refresh_from_db()
    assert stay.notes == ""
    assert ActivityLog.objects.count() == log


def test_a_stay_is_not_canceled_by_a_change_of_status(cast, keys, api):
    response = api(keys.write).patch(detail(cast.villa_reservation), {"status": "canceled"}, format="json")

    assert "cancel/" in fields_of(response)["status"][0]
    cast.villa_reservation.refresh_from_db()
    assert cast.villa_reservation.status == ReservationStatus.CONFIRMED


def test_a_canceled_stay_may_be_confirmed_again(cast, keys, api):
    api(keys.write).post(cancel(cast.villa_reservation))

    response = api(keys.write).patch(detail(cast.villa_reservation), {"status": "confirmed"}, format="json")

    assert response.json()["status"] == "confirmed"


def test_put_is_not_offered(cast, keys, api):
    response = api(keys.write).put(detail(cast.villa_reservation), new(cast.villa), format="json")

    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


# --- Canceling ----------------------------------------------------------------------------------


def test_canceling_a_stay_switches_its_guest_link_off(cast, keys, api):
    stay = cast.villa_reservation

    response = api(keys.write).post(cancel(stay))

    assert response.status_code == 200
    assert response.json()["status"] == "canceled"
    assert response.json()["portal_url"] is None
    stay.refresh_from_db()
    assert stay.status == ReservationStatus.CANCELED
    assert reservation_for_token(stay.portal_token) is None


def test_canceling_is_logged_under_the_keys_name(cast, keys, api):
    api(keys.write).post(cancel(cast.villa_reservation))

    entry = ActivityLog.objects.get(action="reservation.canceled")
    assert entry.actor_type == ActorType.INTEGRATION
    assert entry.actor_label.startswith("API key Front desk (")
    assert entry.description == "Canceled a reservation"


def test_canceling_twice_changes_nothing_more(cast, keys, api):
    api(keys.write).post(cancel(cast.villa_reservation))

    response = api(keys.write).post(cancel(cast.villa_reservation))

    assert response.status_code == 200
    assert ActivityLog.objects.filter(action="reservation.canceled").count() == 1


def test_a_read_only_key_may_not_cancel(cast, keys, api):
    assert api(keys.read).post(cancel(cast.villa_reservation)).status_code == 403
    cast.villa_reservation.refresh_from_db()
    assert cast.villa_reservation.status == ReservationStatus.CONFIRMED


def test_a_signed_in_concierge_may_not_cancel(cast, client_for):
    assert client_for(cast.concierge).post(cancel(cast.villa_reservation)).status_code == 403


def test_canceling_a_stay_the_key_does_not_see_is_404(cast, keys, api):
    assert api(keys.villa_only).post(cancel(cast.loft_reservation)).status_code == 404
    assert api(keys.outsider).post(cancel(cast.villa_reservation)).status_code == 404
    cast.loft_reservation.refresh_from_db()
    assert cast.loft_reservation.status == ReservationStatus.CONFIRMED


def test_a_key_limited_to_the_villa_adds_and_cancels_there(cast, keys, api):
    other_villa_stay = ReservationFactory(property=cast.villa)

    assert api(keys.villa_only).post(LIST, new(cast.villa), format="json").status_code == 201
    assert api(keys.villa_only).post(cancel(other_villa_stay)).status_code == 200


def test_a_stay_at_a_new_property_of_the_account_is_listed(cast, keys, api):
    ReservationFactory(property=PropertyFactory(organization=cast.organization), guest_name="Newcomer")

    assert "Newcomer" in guests(api(keys.read).get(LIST).json())
