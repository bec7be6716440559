"""Filing a message no stay matched under the stay it is about (owners)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import ActivityLog
from notifications.models import Channel, Direction, Message
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db

NUMBER = "+447911123456"


def unassigned(organization, body="Is this the villa?", sender=f"whatsapp:{NUMBER}"):
    return Message.objects.create(
        organization=organization, direction=Direction.INBOUND, channel=Channel.WHATSAPP, sender=sender, body=body
    )


def url(message):
    return reverse("notifications:file_unassigned", args=[message.pk])


@pytest.fixture
def arriving(cast):
    """A stay arriving tomorrow, booked without a phone number."""
    return ReservationFactory(
        property=cast.villa,
        guest_name="Nora North",
        guest_phone="",
        check_in=date.today() + timedelta(days=1),
        check_out=date.today() + timedelta(days=4),
        confirmation_code="GR-NORA",
    )


def test_the_page_offers_the_stays_a_guest_writing_now_is_likely_on(cast, client_for, arriving):
    far = ReservationFactory(property=cast.villa, guest_name="Fay Far", check_in=date.today() + timedelta(days=60))

    response = client_for(cast.owner).get(url(unassigned(cast.organization)))

    assertContains(response, "Is this the villa?")
    assertContains(response, f'<option value="{arriving.pk}">Nora North · Villa Mar')
    assert f'<option value="{far.pk}"' not in response.content.decode()


def test_filing_moves_the_senders_messages_to_the_stay_which_keeps_the_number(cast, client_for, arriving):
    first = unassigned(cast.organization)
    second = unassigned(cast.organization, body="We land at 6")
    other_sender = unassigned(cast.organization, sender="+34600000001")

    response = client_for(cast.owner).post(url(first), {"reservation": arriving.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:conversation", args=[arriving.pk])
    assert set(Message.objects.filter(reservation=arriving)) == {first, second}
    assert Message.objects.get(pk=other_sender.pk).reservation is None
    arriving.refresh_from_db()
    assert str(arriving.guest_phone) == NUMBER
    assert ActivityLog.objects.filter(action="message.assigned", details__messages=2).exists()


def test_a_sender_that_is_no_valid_number_is_not_kept(cast, client_for, arriving):
    client_for(cast.owner).post(url(unassigned(cast.organization, sender="+1555")), {"reservation": arriving.pk})

    arriving.refresh_from_db()
    assert Message.objects.get().reservation == arriving
    assert not arriving.guest_phone


def test_any_stay_can_be_chosen_by_its_confirmation_code(cast, client_for):
    later = ReservationFactory(property=cast.loft, confirmation_code="GR-LATER", guest_phone="+34600555666")

    client_for(cast.owner).post(url(unassigned(cast.organization)), {"code": " gr-later "})

    assert Message.objects.get().reservation == later
    later.refresh_from_db()
    assert str(later.guest_phone) == "+34600555666"  # a stay's own number is kept


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose a stay, or enter its confirmation code."),
        ({"code": "NOPE"}, "None of your stays has this confirmation code."),
        ({"reservation": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_choices_are_refused_and_change_nothing(cast, client_for, data, error):
    message = unassigned(cast.organization)

    response = client_for(cast.owner).post(url(message), data)

    assertContains(response, error, status_code=400)
    assert Message.objects.get(pk=message.pk).reservation is None


def test_another_accounts_stay_cannot_be_chosen(cast, client_for):
    message = unassigned(cast.organization)
    rival = cast.outsider_reservation

    by_id = client_for(cast.owner).post(url(message), {"reservation": rival.pk})
    by_code = client_for(cast.owner).post(url(message), {"code": rival.confirmation_code})

    assert (by_id.status_code, by_code.status_code) == (400, 400)
    assert Message.objects.get(pk=message.pk).reservation is None


def test_a_filed_message_is_no_longer_unassigned(cast, client_for, arriving):
    message = unassigned(cast.organization)
    message.reservation = arriving
    message.save()

    assert client_for(cast.owner).get(url(message)).status_code == 404
