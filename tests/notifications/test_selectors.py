"""The messages an actor reads: those of the stays it sees, never a message that matched no stay."""

import pytest

from accounts.api_keys import create_api_key
from notifications.models import Channel, Direction, Message
from notifications.selectors import messages_of

pytestmark = pytest.mark.django_db


def message(organization, reservation=None):
    return Message.objects.create(
        organization=organization, reservation=reservation, direction=Direction.INBOUND, channel=Channel.SMS, to="+1"
    )


def test_messages_of_the_stays_one_sees(cast):
    villa = message(cast.organization, cast.villa_reservation)
    loft = message(cast.organization, cast.loft_reservation)
    message(cast.organization)  # matched no stay
    message(cast.outsider.organization, cast.outsider_reservation)
    key, _ = create_api_key(actor=cast.owner, name="Villa", scope="read", properties=[cast.villa])

    assert set(messages_of(cast.owner)) == {villa, loft}
    assert list(messages_of(cast.concierge)) == [villa]
    assert list(messages_of(key)) == [villa]
