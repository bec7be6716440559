"""The full import: every booked stay once, paged at Guesty's maximum, guests fetched once, re-runs idempotent."""

from reservations.guesty.models import IssueKind, SyncIssue
from reservations.models import Guest, Reservation
from tests.reservations.guesty.conftest import stay, sync


def guesty_reservations(organization):
    return Reservation.objects.filter(organization=organization).exclude(external_id="")


def test_a_full_import_brings_every_booked_stay_once_with_its_main_guest(cast, imported, listing, fake_guesty):
    guest = fake_guesty.add_guest("Marta", "Ruiz", email="marta@example.com", phone="+34600123456", language="es")
    booked = stay(fake_guesty, listing, guest=guest, guests_count=3)
    stay(fake_guesty, listing, days_ahead=20, status="inquiry")

    run = sync(cast.organization, "backfill")

    assert run.status == "succeeded", run.error
    assert (run.created, run.failed) == (1, 0)  # the inquiry is not even asked for
    reservation = guesty_reservations(cast.organization).get()
    assert reservation.external_id == booked["_id"]
    assert reservation.property == imported
    assert reservation.confirmation_code == booked["confirmationCode"]
    assert (reservation.check_in.isoformat(), reservation.check_out.isoformat()) == (
        booked["checkInDateLocalized"],
        booked["checkOutDateLocalized"],
    )
    assert reservation.guests_count == 3
    assert reservation.guest_name == "Marta Ruiz"
    assert reservation.guest_email == "marta@example.com"
    assert str(reservation.guest_phone) == "+34600123456"
    assert reservation.guest_language == "es"
    assert reservation.channel == "airbnb"
    main = Guest.objects.get(reservation=reservation, is_main=True)
    assert (main.first_name, main.last_name) == ("Marta", "Ruiz")


def test_pages_are_read_at_the_maximum_size_and_each_guest_is_fetched_once(cast, imported, listing, fake_guesty):
    for day in range(250):
        stay(fake_guesty, listing, days_ahead=day % 200, nights=1)
    fake_guesty.reset_log()

    run = sync(cast.organization, "backfill")

    assert run.created == 250
    searches = [query for _method, path, query in fake_guesty.requests if path == "/v1/reservations-v3/search"]
    assert [query["limit"] for query in searches] == ["100", "100", "100"]
    assert fake_guesty.request_count("/v1/guests-crud/") == 250
    assert run.requests == 3 + 250


def test_a_second_import_changes_nothing_and_fetches_no_guest(cast, imported, listing, fake_guesty):
    for day in range(30):
        stay(fake_guesty, listing, days_ahead=day)
    sync(cast.organization, "backfill")
    before = {r.pk: (r.portal_token, r.updated_at) for r in guesty_reservations(cast.organization)}
    fake_guesty.reset_log()

    again = sync(cast.organization, "backfill")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert fake_guesty.request_count("/v1/guests-crud/") == 0
    assert {r.pk: (r.portal_token, r.updated_at) for r in guesty_reservations(cast.organization)} == before


def test_a_stay_typed_in_by_hand_is_linked_by_its_confirmation_code_not_copied(cast, imported, listing, fake_guesty):
    booked = stay(fake_guesty, listing)
    typed = cast.villa_reservation
    typed.confirmation_code = booked["confirmationCode"]
    typed.save()

    sync(cast.organization, "backfill")

    typed.refresh_from_db()
    assert typed.external_id == booked["_id"]
    assert typed.property == imported
    assert (
        Reservation.objects.filter(organization=cast.organization, confirmation_code=booked["confirmationCode"]).count()
        == 1
    )


def test_a_reservation_for_a_listing_not_imported_is_an_issue_not_dropped(cast, imported, fake_guesty):
    elsewhere = fake_guesty.add_listing(title="Not imported")
    booked = stay(fake_guesty, elsewhere)

    run = sync(cast.organization, "backfill")

    assert run.failed == 1
    issue = SyncIssue.objects.get(organization=cast.organization)
    assert issue.kind == IssueKind.UNKNOWN_LISTING
    assert issue.guesty_reservation_id == booked["_id"]
    assert issue.guesty_listing_id == elsewhere["_id"]
    assert booked["confirmationCode"] in issue.message


def test_a_listing_left_out_skips_its_reservations_without_an_issue(cast, imported, fake_guesty):
    from reservations.guesty.services.listings import leave_out

    elsewhere = fake_guesty.add_listing(title="Owner's own flat")
    sync(cast.organization, "listings")
    leave_out(actor=cast.owner, listing_ids=[elsewhere["_id"]])
    stay(fake_guesty, elsewhere)

    run = sync(cast.organization, "backfill")

    assert (run.skipped, run.failed) == (1, 0)
    assert not SyncIssue.objects.exists()


def test_importing_the_listing_later_resolves_its_issues_and_brings_the_stays(cast, imported, fake_guesty):
    from reservations.guesty.services.listings import import_listings

    elsewhere = fake_guesty.add_listing(title="Late addition")
    booked = stay(fake_guesty, elsewhere)
    sync(cast.organization, "backfill")
    sync(cast.organization, "listings")

    import_listings(actor=cast.owner, listing_ids=[elsewhere["_id"]])
    sync(cast.organization, "fetch", ids=[booked["_id"]])

    issue = SyncIssue.objects.get(organization=cast.organization)
    assert issue.resolved_at is not None
    assert guesty_reservations(cast.organization).get().external_id == booked["_id"]
