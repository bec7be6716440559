"""The check-in panel of a reservation's page: the guest link, the answers, the documents, and the host's actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import ActivityLog
from reservations.models import CheckinStatus
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory

pytestmark = pytest.mark.django_db

ACTIONS = [
    "checkin:reopen",
    "checkin:purge",
    "reservations:portal_link_regenerate",
    "reservations:portal_link_revoke",
]


@pytest.fixture
def checked_in(cast):
    """The villa reservation, checked in online by a party of two (the small test form: see TINY_SCHEMA)."""
    reservation = cast.villa_reservation
    submission = CheckinSubmissionFactory(
        reservation=reservation,
        party_size=2,
        submitted_at=timezone.now(),
        answers={
            "reservation": {"arrival_time": "16:45", "tax_id": "ES-B12345678"},
            "guests": [
                {"first_name": "Ana", "document_number": "XK1234567"},
                {"first_name": "Bruno", "document_number": "YB7654321"},
            ],
        },
    )
    GuestDocumentFactory(submission=submission, guest_index=0)
    GuestDocumentFactory(submission=submission, guest_index=1)
    GuestDocumentFactory(submission=submission, guest_index=1, kind="back")
    GuestDocumentFactory(submission=submission, guest_index=None, field_key="signature", kind="signature")
    reservation.checkin_status = CheckinStatus.COMPLETED
    reservation.checkin_completed_at = submission.submitted_at
    reservation.save()
    return reservation


def detail(reservation):
    return reverse("reservations:detail", args=[reservation.pk])


def action(name, reservation):
    return reverse(name, args=[reservation.pk])


def portal_home(token):
    return reverse("portal:home", args=[token])


def document_url(reservation, document):
    return reverse("checkin:document", args=[reservation.pk, document.pk])


# --- What the panel shows ----------------------------------------------------------------


def test_the_panel_shows_the_guest_link(cast, client_for):
    reservation = cast.villa_reservation

    response = client_for(cast.concierge).get(detail(reservation))

    assertContains(response, f'value="http://testserver/g/{reservation.portal_token}/"')
    assertContains(response, "The guest hasn’t started checking in yet.")


def test_once_submitted_the_panel_shows_each_guests_answers(checked_in, cast, client_for):
    response = client_for(cast.concierge).get(detail(checked_in))

    body = response.content.decode()
    assert "Sent " in body
    assert f"form version {checked_in.checkin.form_version.number}" in body
    for answer in ["16:45", "ES-B12345678", "Ana", "XK1234567", "Bruno", "YB7654321"]:
        assert f"<dd>{answer}</dd>" in body
    assert body.index("XK1234567") < body.index('<h3 class="small">Guest 2</h3>') < body.index("YB7654321")


def test_once_submitted_each_photo_is_a_thumbnail_that_opens_the_document(checked_in, cast, client_for):
    response = client_for(cast.concierge).get(detail(checked_in))

    documents = checked_in.checkin.documents.exclude(kind="signature")
    assert documents.count() == 3
    for document in documents:
        url = document_url(checked_in, document)
        tile = f'<a class="doc-tile" href="{url}" target="_blank" rel="noopener"><img src="{url}?inline=1"'
        assertContains(response, tile)
    assertNotContains(response, "image/png")  # not "Front · image/png · View"


def test_a_pdf_shows_as_a_pdf_tile_that_opens_it(checked_in, cast, client_for):
    document = checked_in.checkin.documents.get(guest_index=0, kind="front")
    document.content_type = "application/pdf"
    document.save()

    response = client_for(cast.concierge).get(detail(checked_in))

    url = document_url(checked_in, document)
    tile = f'<a class="doc-tile" href="{url}" target="_blank" rel="noopener"><span class="doc-tile-pdf"'
    assertContains(response, tile)
    assertNotContains(response, f'src="{url}?inline=1"')


def test_once_submitted_the_signature_is_shown(checked_in, cast, client_for):
    signature = checked_in.checkin.documents.get(kind="signature")

    response = client_for(cast.concierge).get(detail(checked_in))

    assertContains(response, f'<img class="signature-image" src="{document_url(checked_in, signature)}?inline=1"')


def test_a_check_in_under_way_shows_what_is_given_so_far(checked_in, cast, client_for):
    checked_in.checkin.submitted_at = None
    checked_in.checkin.save()

    response = client_for(cast.owner).get(detail(checked_in))

    assertContains(response, "In progress · form version")
    assertContains(response, "<dd>XK1234567</dd>")
    assertNotContains(response, action("checkin:reopen", checked_in))


def test_the_guests_answers_are_escaped(checked_in, cast, client_for):
    submission = checked_in.checkin
    submission.answers["guests"][0]["first_name"] = "<script>alert(1)</script>"
    submission.save()

    for url in [detail(checked_in), action("checkin:print", checked_in)]:
        response = client_for(cast.owner).get(url)
        assertNotContains(response, "<script>alert(1)</script>")
        assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_a_concierge_sees_no_reopen_or_link_buttons(checked_in, cast, client_for):
    response = client_for(cast.concierge).get(detail(checked_in))

    for name in ACTIONS:
        assertNotContains(response, action(name, checked_in))
    assertContains(response, action("checkin:print", checked_in))


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_managers_and_owners_see_the_reopen_and_link_buttons(checked_in, cast, client_for, role):
    response = client_for(cast.member(role)).get(detail(checked_in))

    assertContains(response, "Reopen for corrections")
    assertContains(response, "Delete them now")
    assertContains(response, "Make a new link")
    assertContains(response, "Switch off link")
    for name in ACTIONS:
        assertContains(response, f'action="{action(name, checked_in)}"')


def test_an_expired_link_is_shown_as_expired(cast, client_for, settings):
    settings.PORTAL_LINK_DAYS_AFTER_CHECKOUT = 14
    reservation = cast.villa_reservation
    reservation.check_out = timezone.localdate(timezone=reservation.property.tz) - timedelta(days=15)
    reservation.check_in = reservation.check_out - timedelta(days=2)
    reservation.save()

    response = client_for(cast.concierge).get(detail(reservation))

    assertContains(response, "Expired")
    assertNotContains(response, reservation.portal_token)


# --- Make a new link ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_a_new_link_replaces_the_old_one(cast, client, client_for, role):
    reservation = cast.villa_reservation
    old = reservation.portal_token
    assert client.get(portal_home(old)).status_code == 200

    response = client_for(cast.member(role)).post(action("reservations:portal_link_regenerate", reservation))

    assert response.status_code == 302
    assert response["Location"] == detail(reservation)
    reservation.refresh_from_db()
    assert reservation.portal_token != old
    client.logout()
    assert client.get(portal_home(old)).status_code == 404
    assert client.get(portal_home(reservation.portal_token)).status_code == 200
    entry = ActivityLog.objects.get(action="portal.link_regenerated")
    assert entry.actor_user == cast.member(role).user
    assert entry.target_id == str(reservation.pk)


def test_the_page_shows_the_new_link_and_says_the_old_one_stopped(cast, client_for):
    reservation = cast.villa_reservation
    old = reservation.portal_token
    client = client_for(cast.manager)

    response = client.post(action("reservations:portal_link_regenerate", reservation), follow=True)

    reservation.refresh_from_db()
    assertContains(response, "A new guest link was made. The old one no longer works.")
    assertContains(response, reservation.portal_token)
    assertNotContains(response, old)


# --- Switch off the link --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_switching_off_the_link_closes_the_portal(cast, client, client_for, role):
    reservation = cast.villa_reservation

    response = client_for(cast.member(role)).post(action("reservations:portal_link_revoke", reservation))

    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.portal_revoked_at is not None
    client.logout()
    assert client.get(portal_home(reservation.portal_token)).status_code == 404
    assert ActivityLog.objects.filter(action="portal.link_revoked", target_id=str(reservation.pk)).count() == 1


def test_a_switched_off_link_shows_as_switched_off(cast, client_for):
    reservation = cast.villa_reservation
    client = client_for(cast.manager)

    response = client.post(action("reservations:portal_link_revoke", reservation), follow=True)

    assertContains(response, "The guest link is switched off. Make a new one to share again.")
    assertContains(response, "Switched off")
    assertNotContains(response, reservation.portal_token)
    assertNotContains(response, action("reservations:portal_link_revoke", reservation))
    assertContains(response, action("reservations:portal_link_regenerate", reservation))


def test_a_new_link_after_switching_off_opens_the_portal_again(cast, client, client_for):
    reservation = cast.villa_reservation
    host = client_for(cast.manager)
    host.post(action("reservations:portal_link_revoke", reservation))

    host.post(action("reservations:portal_link_regenerate", reservation))

    reservation.refresh_from_db()
    assert reservation.portal_revoked_at is None
    host.logout()
    assert client.get(portal_home(reservation.portal_token)).status_code == 200


# --- Reopen -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_reopening_lets_the_guest_correct_the_check_in(checked_in, cast, client_for, role):
    response = client_for(cast.member(role)).post(action("checkin:reopen", checked_in), follow=True)

    assertContains(response, "Check-in reopened: the guest can correct and send it again.")
    checked_in.refresh_from_db()
    checked_in.checkin.refresh_from_db()
    assert checked_in.checkin_status == CheckinStatus.IN_PROGRESS
    assert not checked_in.checkin.is_submitted
    assert ActivityLog.objects.get(action="checkin.reopened").actor_user == cast.member(role).user


def test_reopening_a_check_in_that_was_not_sent_says_so(cast, client_for):
    response = client_for(cast.manager).post(action("checkin:reopen", cast.villa_reservation), follow=True)

    assertContains(response, "Only a completed check-in can be reopened.")
    assert not ActivityLog.objects.filter(action="checkin.reopened").exists()


def test_a_check_in_purged_after_the_stay_cannot_be_reopened(checked_in, cast, client_for):
    """The guest would upload documents again, and no purge would ever come back for them."""
    checked_in.checkin.purged_at = checked_in.checkin.submitted_at
    checked_in.checkin.save()
    client = client_for(cast.manager)

    assertNotContains(client.get(reverse("reservations:detail", args=[checked_in.pk])), "Reopen for corrections")
    response = client.post(action("checkin:reopen", checked_in), follow=True)

    assertContains(response, "identity documents were deleted after the stay: it can’t be reopened.")
    checked_in.checkin.refresh_from_db()
    assert checked_in.checkin.is_submitted
    assert not ActivityLog.objects.filter(action="checkin.reopened").exists()


# --- Deleting the identity documents now ----------------------------------------------------------


def test_the_panel_says_when_identity_documents_are_deleted(checked_in, cast, client_for, settings):
    settings.GUEST_DOCUMENT_RETENTION_DAYS = 30
    when = checked_in.check_out + timedelta(days=31)

    response = client_for(cast.concierge).get(detail(checked_in))

    assertContains(response, f"deleted automatically on {when:%-d %b %Y}")
    assertNotContains(response, "Delete them now")  # a concierge only reads


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_a_manager_deletes_the_identity_documents_now(checked_in, cast, client_for, role):
    response = client_for(cast.member(role)).post(action("checkin:purge", checked_in), follow=True)

    assertContains(response, "The guests’ identity documents and document numbers are deleted.")
    submission = checked_in.checkin
    submission.refresh_from_db()
    assert submission.purged_at is not None
    assert list(submission.documents.values_list("kind", flat=True)) == ["signature"]
    assert "document_number" not in submission.answers["guests"][0]
    assertContains(response, "identity documents deleted on")
    assertNotContains(response, "Delete them now")
    assertNotContains(response, "Reopen for corrections")


def test_deleting_a_check_in_still_in_progress_says_so(cast, client_for):
    CheckinSubmissionFactory(reservation=cast.villa_reservation)

    response = client_for(cast.manager).post(action("checkin:purge", cast.villa_reservation), follow=True)

    assertContains(response, "Only a completed check-in’s documents can be deleted.")
    assert not ActivityLog.objects.filter(action="checkin.documents_purged").exists()


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTIONS)
def test_a_concierge_is_refused_and_nothing_changes(checked_in, cast, client_for, name):
    token = checked_in.portal_token

    response = client_for(cast.concierge).post(action(name, checked_in))

    assert response.status_code == 403
    checked_in.refresh_from_db()
    checked_in.checkin.refresh_from_db()
    assert checked_in.portal_token == token
    assert checked_in.portal_revoked_at is None
    assert checked_in.checkin.is_submitted
    assert checked_in.checkin.purged_at is None


@pytest.mark.parametrize("name", ACTIONS)
def test_another_host_account_is_told_the_reservation_does_not_exist(checked_in, cast, client_for, name):
    token = checked_in.portal_token

    response = client_for(cast.outsider).post(action(name, checked_in))

    assert response.status_code == 404
    checked_in.refresh_from_db()
    checked_in.checkin.refresh_from_db()
    assert checked_in.portal_token == token
    assert checked_in.portal_revoked_at is None
    assert checked_in.checkin.is_submitted
    assert checked_in.checkin.purged_at is None


@pytest.mark.parametrize("name", ACTIONS)
def test_a_manager_cannot_act_on_a_property_they_do_not_manage(cast, client_for, name):
    assert client_for(cast.manager).post(action(name, cast.loft_reservation)).status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_the_actions_refuse_a_get(cast, client_for, name):
    assert client_for(cast.manager).get(action(name, cast.villa_reservation)).status_code == 405


# --- The printable copy ------------------------------------------------------------------------------


def test_the_printable_copy_has_the_answers_documents_and_signature(checked_in, cast, client_for):
    submission = checked_in.checkin

    response = client_for(cast.concierge).get(action("checkin:print", checked_in))

    assert response.status_code == 200
    assertContains(response, "Guest check-in record")
    assertContains(response, f"Booking {checked_in.confirmation_code}")
    assertContains(response, "Sent by the guest on")
    for answer in ["16:45", "ES-B12345678", "Ana", "XK1234567", "Bruno", "YB7654321"]:
        assertContains(response, f"<td>{answer}</td>")
    for document in submission.documents.exclude(kind="signature"):
        assertContains(response, f'<img class="doc" src="{document_url(checked_in, document)}?inline=1"')
    signature = submission.documents.get(kind="signature")
    assertContains(response, f'<img class="sig" src="{document_url(checked_in, signature)}?inline=1"')


def test_the_printable_copy_of_a_pdf_links_to_it(checked_in, cast, client_for):
    document = checked_in.checkin.documents.get(guest_index=0, kind="front")
    document.content_type = "application/pdf"
    document.save()

    response = client_for(cast.owner).get(action("checkin:print", checked_in))

    assertContains(response, f'PDF — <a href="{document_url(checked_in, document)}">open</a>')


def test_the_printable_copy_says_when_the_guest_has_not_started(cast, client_for):
    response = client_for(cast.concierge).get(action("checkin:print", cast.villa_reservation))

    assertContains(response, "The guest has not started checking in.")
