"""The check-in reads the API needs: forms with their fields, the properties using each form, a reservation's
check-in whole, and one file by its id alone."""

import pytest
from django.http import Http404
from django.utils import timezone

from reservations.checkin.selectors import (
    checkins_of,
    forms_with_fields,
    get_file_for,
    kept_files,
    properties_by_form,
    submission_of,
)
from tests.factories import (
    CheckinFormFactory,
    CheckinSubmissionFactory,
    FormFieldFactory,
    FormVersionFactory,
    GuestDocumentFactory,
    GuestFactory,
)

pytestmark = pytest.mark.django_db


def test_forms_come_with_their_fields_in_order_and_only_their_latest_version(cast):
    form = CheckinFormFactory(organization=cast.organization)
    FormFieldFactory(form=form, key="second", position=2)
    FormFieldFactory(form=form, key="first", position=1)
    for number in (1, 3, 2):
        FormVersionFactory(form=form, number=number)
    CheckinFormFactory(organization=cast.outsider.organization)

    [read] = forms_with_fields(cast.owner)

    assert [field.key for field in read.fields.all()] == ["first", "second"]
    assert [version.number for version in read.latest_versions] == [3]


def test_properties_are_grouped_by_their_own_form_and_none_for_the_default(cast):
    form = CheckinFormFactory(organization=cast.organization)
    cast.loft.checkin_form = form
    cast.loft.save()

    assert properties_by_form(cast.owner) == {
        form.pk: [(cast.loft.pk, "Old Town Loft")],
        None: [(cast.villa.pk, "Villa Mar")],
    }
    assert properties_by_form(cast.manager) == {None: [(cast.villa.pk, "Villa Mar")]}  # the villa only


def test_after_the_purge_only_signatures_are_kept_files():
    submission = CheckinSubmissionFactory(purged_at=timezone.now())
    GuestDocumentFactory(submission=submission)
    signature = GuestDocumentFactory(submission=submission, guest_index=None, field_key="signature", kind="signature")

    assert list(kept_files()) == [signature]


def test_kept_files_list_the_guests_in_order_then_the_reservations():
    submission = CheckinSubmissionFactory(party_size=2)
    signature = GuestDocumentFactory(submission=submission, guest_index=None, field_key="signature", kind="signature")
    second = GuestDocumentFactory(submission=submission, guest_index=1)
    first = GuestDocumentFactory(submission=submission, guest_index=0)

    assert list(kept_files()) == [first, second, signature]


def test_a_check_in_is_read_with_its_guests_and_files_for_reservations_the_actor_sees(cast):
    submission = CheckinSubmissionFactory(reservation=cast.villa_reservation)
    document = GuestDocumentFactory(submission=submission)
    GuestFactory(reservation=cast.villa_reservation, is_main=False, first_name="Luis")
    GuestFactory(reservation=cast.villa_reservation, is_main=True, first_name="Ana")

    reservation = checkins_of(cast.concierge).get(pk=cast.villa_reservation.pk)

    assert submission_of(reservation).kept_files == [document]
    assert [guest.first_name for guest in reservation.guests.all()] == ["Ana", "Luis"]
    assert not checkins_of(cast.concierge).filter(pk=cast.loft_reservation.pk).exists()


def test_a_reservation_without_a_check_in_reads_none(cast):
    assert submission_of(checkins_of(cast.owner).get(pk=cast.villa_reservation.pk)) is None


def test_a_file_is_found_by_its_id_with_its_reservation(cast):
    document = GuestDocumentFactory(submission=CheckinSubmissionFactory(reservation=cast.villa_reservation))

    assert get_file_for(cast.concierge, document.pk) == (cast.villa_reservation, document)


@pytest.mark.parametrize("member", ["concierge", "outsider"])
def test_a_file_of_a_reservation_the_actor_does_not_see_is_404(cast, member):
    document = GuestDocumentFactory(submission=CheckinSubmissionFactory(reservation=cast.loft_reservation))

    with pytest.raises(Http404):
        get_file_for(cast.member(member), document.pk)


def test_an_identity_document_of_a_purged_check_in_is_404(cast):
    submission = CheckinSubmissionFactory(reservation=cast.villa_reservation, purged_at=timezone.now())
    document = GuestDocumentFactory(submission=submission)

    with pytest.raises(Http404):
        get_file_for(cast.owner, document.pk)
