"""The inbox: the member's conversations, unread first; owners also see the unassigned messages."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from notifications.models import Channel, Direction, Message
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db

URL = reverse("notifications:inbox")


def test_unread_conversations_come_first_with_their_latest_message(cast, client_for, say):
    villa, loft = cast.villa_reservation, cast.loft_reservation
    say(villa, "Villa question")
    Message.objects.update(read_at="2026-01-01T00:00Z")
    say(villa, "Villa answer", direction=Direction.OUTBOUND)
    say(loft, "Loft question")

    content = client_for(cast.owner).get(URL).content.decode()

    assert content.index("Loft question") < content.index("Villa answer")
    assert "Villa question" not in content
    assert f'href="{reverse("notifications:conversation", args=[villa.pk])}"' in content


def test_a_concierge_sees_only_the_stays_of_their_properties(cast, client_for, say):
    say(cast.villa_reservation, "Villa question")
    say(cast.loft_reservation, "Loft question")

    response = client_for(cast.concierge).get(URL)

    assertContains(response, "Villa question")
    assertNotContains(response, "Loft question")
    assertNotContains(response, "Unassigned")


def test_owners_see_the_unassigned_messages(cast, client_for):
    Message.objects.create(
        organization=cast.organization,
        direction=Direction.INBOUND,
        channel=Channel.SMS,
        to="+15005550006",
        sender="+447700900123",
        body="Who is this?",
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Unassigned")
    assertContains(response, "Who is this?")
    assertNotContains(client_for(cast.manager).get(URL), "Who is this?")


def test_an_empty_inbox_says_so(cast, client_for):
    assertContains(client_for(cast.concierge).get(URL), "No messages yet")


def test_the_inbox_takes_the_same_queries_for_many_conversations(cast, client_for, say, django_assert_max_num_queries):
    client = client_for(cast.owner)
    say(cast.villa_reservation)
    client.get(URL)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    budget = len(few.captured_queries)
    for _ in range(8):
        # Not a word a generated guest name could hold ("More" is in "Moreno").
        say(ReservationFactory(property=cast.loft), "Is parking free?")
    client.get(URL)  # the navigation's unread count changed: counted again once, then kept
    with django_assert_max_num_queries(budget):
        response = client.get(URL)
    assertContains(response, "Is parking free?", count=8)
