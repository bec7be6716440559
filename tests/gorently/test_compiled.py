"""CompiledQuery and CompiledLookup: a queryset built and compiled once per connection, then run with new values."""

from datetime import date

import pytest
from django.db.models import F

from gorently.compiled import CompiledLookup, CompiledQuery
from reservations.models import Reservation
from tests.factories import CheckinSubmissionFactory, ReservationFactory

pytestmark = pytest.mark.django_db


def stays_by_code(code):
    return (
        Reservation.objects.select_related("property__organization", "checkin__form_version")
        .annotate(nights=F("check_out") - F("check_in"))
        .defer("property__wifi_password", "checkin__answers")
        .filter(confirmation_code=code)
    )


def loaded(instance):
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


@pytest.fixture
def checked_in():
    return CheckinSubmissionFactory().reservation


def test_it_finds_what_the_querysets_get_finds_with_its_related_rows_and_annotations(checked_in):
    expected = stays_by_code(checked_in.confirmation_code).get()

    found = CompiledLookup(stays_by_code).get_or_none(checked_in.confirmation_code)

    assert loaded(found) == loaded(expected)
    assert found.nights == expected.nights
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    for related in ("property", "checkin"):
        assert loaded(getattr(found, related)) == loaded(getattr(expected, related))
        assert getattr(found, related).get_deferred_fields() == getattr(expected, related).get_deferred_fields()
    assert loaded(found.property.organization) == loaded(expected.property.organization)
    assert loaded(found.checkin.form_version) == loaded(expected.checkin.form_version)


def test_its_one_query_reads_every_related_row_and_converts_values_as_the_orm_does(
    checked_in, django_assert_num_queries
):
    lookup = CompiledLookup(stays_by_code)

    with django_assert_num_queries(1):
        found = lookup.get_or_none(checked_in.confirmation_code)
        assert found.property.organization.name == checked_in.organization.name
        assert found.checkin.form_version.schema == checked_in.checkin.form_version.schema
        assert found.checkin.reservation is found
    assert found.checkin.answers["guests"][0]["document_number"] == "XK1234567"  # decrypted when read


def test_a_related_row_that_is_missing_is_known_missing_without_a_query(django_assert_num_queries):
    stay = ReservationFactory()
    found = CompiledLookup(stays_by_code).get_or_none(stay.confirmation_code)

    with django_assert_num_queries(0), pytest.raises(Reservation.checkin.RelatedObjectDoesNotExist):
        found.checkin  # noqa: B018


def test_it_is_built_and_compiled_once_then_finds_each_value_its_own_row():
    stays = ReservationFactory.create_batch(3)
    built = []

    def build(code):
        built.append(code)
        return stays_by_code(code)

    lookup = CompiledLookup(build)

    assert [lookup.get_or_none(stay.confirmation_code).pk for stay in stays] == [stay.pk for stay in stays]
    assert len(built) == 1


def test_nothing_found_is_none():
    assert CompiledLookup(stays_by_code).get_or_none("NO-SUCH-CODE") is None


def test_two_rows_are_refused_as_get_refuses_them():
    ReservationFactory.create_batch(2, guest_name="Ana Twin")
    lookup = CompiledLookup(lambda name: Reservation.objects.filter(guest_name=name))

    with pytest.raises(Reservation.MultipleObjectsReturned):
        lookup.get_or_none("Ana Twin")


def test_a_value_changed_before_it_reaches_the_sql_is_refused_when_first_run():
    lookup = CompiledLookup(lambda code: Reservation.objects.filter(confirmation_code=code.upper()))

    with pytest.raises(ValueError, match="must reach its SQL as a parameter"):
        lookup.get_or_none("hm000001")


def test_a_query_finds_every_row_for_its_values_in_the_querysets_order(cast):
    ReservationFactory(property=cast.villa, guest_name="Zoe Later")
    by_property = CompiledQuery(lambda property_id: Reservation.objects.filter(property=property_id).order_by("pk"))

    for place in (cast.villa, cast.loft):
        expected = list(Reservation.objects.filter(property=place).order_by("pk"))
        assert [loaded(row) for row in by_property.all(place.pk)] == [loaded(row) for row in expected]
    assert by_property.all(cast.outsider_property.pk) == [cast.outsider_reservation]


def test_values_are_strings_or_whole_numbers():
    lookup = CompiledLookup(lambda day: Reservation.objects.filter(check_in=day))

    with pytest.raises(TypeError, match="strings and whole numbers, not date"):
        lookup.get_or_none(date(2026, 12, 1))
