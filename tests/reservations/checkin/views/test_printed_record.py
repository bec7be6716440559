"""The printed check-in record and the reservation page, as a host opens them after a real check-in.

The record shows the agreement the guest signed: the frozen form version's text in
the guest's language, its placeholders filled as the guest saw them, with the
signature, when it was signed and the form version. Opening either page writes no
"viewed a document" entry: their pictures are the pages' own (?inline=1); a host
opening a document in full is logged.
"""

import re
import zoneinfo
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import ActivityLog
from reservations.checkin.models import FormField
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import fill_in_everything
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory

pytestmark = pytest.mark.django_db

SIGNED_AT = datetime(2026, 11, 30, 11, 47, tzinfo=UTC)  # 12:47 in Madrid (CET)
SENT_AT = datetime(2026, 11, 30, 11, 52, tzinfo=UTC)


@pytest.fixture
def checked_in(portal):
    """The villa stay (Europe/Madrid) checked in by a party of two with the standard form, in Spanish."""
    submission = start_checkin(reservation=portal, language="es")
    fill_in_everything(submission, party_size=2)
    submission.language = "es"
    submission.save()
    submit_checkin(submission=submission, notify=False)
    submission.refresh_from_db()
    submission.documents.filter(kind="signature").update(created_at=SIGNED_AT)
    type(submission).objects.filter(pk=submission.pk).update(submitted_at=SENT_AT)
    portal.refresh_from_db()
    return portal


def _print(client, reservation):
    return client.get(reverse("checkin:print", args=[reservation.pk]))


def test_the_record_shows_the_agreement_text_the_guest_signed_in_their_language(checked_in, cast, client_for):
    response = _print(client_for(cast.concierge), checked_in)

    # The standard agreement in Spanish, with this stay's guest, property, dates (in Spanish) and host.
    stay = checked_in
    assertContains(response, f"Yo, {stay.guest_name}, acepto las normas de la casa de Villa Mar")
    assertContains(response, f"para mi estancia del {stay.check_in.day} de ")
    assertContains(response, "Acepto que Seaside Stays pueda cobrar")
    assertContains(response, '<div class="agreement-text" lang="es">')
    assertNotContains(response, "{guest_name}")


def test_the_record_shows_the_signature_when_it_was_signed_and_the_form_version(checked_in, cast, client_for):
    submission = checked_in.checkin
    signature = submission.documents.get(kind="signature")

    response = _print(client_for(cast.owner), checked_in)

    url = reverse("checkin:document", args=[checked_in.pk, signature.pk])
    assertContains(response, f'<img class="sig" src="{url}?inline=1" alt="Guest signature">')
    assertContains(response, "Signed on 30 Nov 2026 12:47 CET")  # the property's zone
    assertContains(response, "sent on 30 Nov 2026 12:52 CET")
    assertContains(response, f"form version {submission.form_version.number}")


def test_the_record_keeps_the_text_of_the_version_signed_not_the_forms_text_now(checked_in, cast, client_for):
    FormField.objects.filter(form=cast.form, key="rental_agreement").update(
        agreement_text={"en": "A new agreement.", "es": "Un acuerdo nuevo."}
    )

    response = _print(client_for(cast.owner), checked_in)

    assertContains(response, "acepto las normas de la casa")
    assertNotContains(response, "Un acuerdo nuevo.")


def test_a_language_the_host_wrote_no_agreement_in_prints_the_english_text(checked_in, cast, client_for):
    submission = checked_in.checkin
    submission.language = "de"
    submission.save()

    response = _print(client_for(cast.owner), checked_in)

    assertContains(response, '<div class="agreement-text" lang="en">')
    assertContains(response, f"I, {checked_in.guest_name}, agree to the house rules of Villa Mar")


def test_a_form_with_a_signature_but_no_agreement_text_prints_the_signature(cast, client_for):
    submission = CheckinSubmissionFactory(reservation=cast.villa_reservation, submitted_at=SENT_AT)  # TINY_SCHEMA
    signature = GuestDocumentFactory(submission=submission, guest_index=None, field_key="signature", kind="signature")

    response = _print(client_for(cast.owner), cast.villa_reservation)

    assertContains(response, "Agreement and signature")
    assertContains(response, reverse("checkin:document", args=[cast.villa_reservation.pk, signature.pk]) + "?inline=1")
    assertNotContains(response, 'class="agreement-text"')


# --- Opening the pages is not opening the documents ----------------------------------------------


def _images(response):
    return re.findall(r'<img[^>]* src="([^"]+)"', response.content.decode())


def _viewed():
    return ActivityLog.objects.filter(action="checkin.document_viewed")


def test_opening_a_completed_reservation_and_its_record_logs_no_document_views(checked_in, cast, client_for):
    client = client_for(cast.owner)
    pages = [reverse("reservations:detail", args=[checked_in.pk]), reverse("checkin:print", args=[checked_in.pk])]

    for page in pages:
        response = client.get(page)
        images = _images(response)
        assert images, page
        for src in images:  # what the browser loads with the page
            assert src.endswith("?inline=1"), src
            assert client.get(src).status_code == 200, src

    assert not _viewed().exists()


def test_clicking_a_thumbnail_opens_the_document_and_that_is_logged(checked_in, cast, client_for):
    client = client_for(cast.manager)
    page = client.get(reverse("reservations:detail", args=[checked_in.pk])).content.decode()
    [first, *_rest] = re.findall(r'<a class="doc-tile" href="([^"]+)"', page)

    assert client.get(first).status_code == 200

    entry = _viewed().get()
    assert entry.actor_user == cast.manager.user
    assert entry.details["field_key"] == "document_photo"


def test_times_on_the_record_are_the_propertys(checked_in, cast, client_for):
    assert checked_in.property.tz == zoneinfo.ZoneInfo("Europe/Madrid")
    assertContains(_print(client_for(cast.owner), checked_in), "Sent by the guest on 30 Nov 2026 12:52 CET")


def test_a_signature_typed_instead_of_drawn_prints_as_the_typed_name(cast, client_for):
    """Guests without a canvas sign by typing their name (reservations.checkin.selectors.typed_signatures_of)."""
    submission = CheckinSubmissionFactory(reservation=cast.villa_reservation, submitted_at=SENT_AT)  # TINY_SCHEMA
    submission.answers["reservation"]["signature"] = {"typed": "Ana García", "signed_at": SIGNED_AT.isoformat()}
    submission.save()

    response = _print(client_for(cast.owner), cast.villa_reservation)

    assertContains(response, '<p class="sig typed-signature">Ana García</p>')
    assertContains(response, "Signed on 30 Nov 2026 12:47 CET")


def test_a_signature_is_never_shown_as_signed_after_the_check_in_was_sent(checked_in, cast, client_for):
    """Rows written after the fact (the demo back-dates its check-ins) still read in order."""
    checked_in.checkin.documents.filter(kind="signature").update(created_at=datetime(2026, 12, 24, 9, 0, tzinfo=UTC))

    assertContains(_print(client_for(cast.owner), checked_in), "Signed on 30 Nov 2026 12:52 CET")
