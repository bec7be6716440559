"""The host navigation's "Messages" with the count of guests' messages nobody read yet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_the_unread_count_drops_after_viewing_the_conversation(cast, client_for, guest, say):
    say(guest, "One")
    say(guest, "Two")
    client = client_for(cast.concierge)

    assertContains(client.get(reverse("dashboard")), '<span class="nav-count" data-unread>2<', html=False)

    client.get(reverse("notifications:conversation", args=[guest.pk]))

    assertNotContains(client.get(reverse("dashboard")), "data-unread")


def test_a_concierge_does_not_count_messages_of_other_properties(cast, client_for, say):
    say(cast.loft_reservation, "Loft")

    response = client_for(cast.concierge).get(reverse("dashboard"))

    assertContains(response, f'href="{reverse("notifications:inbox")}"')
    assertNotContains(response, "data-unread")
    assertContains(client_for(cast.owner).get(reverse("dashboard")), "data-unread")


def test_only_owners_have_the_messaging_settings_entry(cast, client_for):
    settings_url = reverse("notifications:settings")
    assertContains(client_for(cast.owner).get(reverse("dashboard")), f'href="{settings_url}"')
    assertNotContains(client_for(cast.manager).get(reverse("dashboard")), f'href="{settings_url}"')


def test_the_unread_count_is_kept_between_pages_and_counted_again_when_a_guest_writes(cast, client_for, guest, say):
    client = client_for(cast.concierge)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as kept:
        client.get(reverse("dashboard"))
    assert not any("notifications_message" in query["sql"] for query in kept.captured_queries)

    say(guest, "Are you there?")

    assertContains(client.get(reverse("dashboard")), '<span class="nav-count" data-unread>1<', html=False)
