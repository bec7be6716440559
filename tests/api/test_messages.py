"""GET /api/v1/messages/ and POST /api/v1/messages/: the guests' conversations a key sees, and a message to a guest.

Sending goes through the sending service to a fake Twilio (SMS, WhatsApp) or Django's test outbox (email).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivityLog
from notifications.models import Channel, Direction, Event, Message, MessageStatus, MessageTemplate

pytestmark = pytest.mark.django_db

URL = reverse("api:message-list")
PHONE, EMAIL = "+34600111222", "marta@example.com"


def detail(message):
    return reverse("api:message-detail", args=[message.pk])


def ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def messaging_off(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    return settings


@pytest.fixture
def guest(cast):
    """The villa's guest, with a phone number and an email address."""
    reservation = cast.villa_reservation
    reservation.guest_phone, reservation.guest_email, reservation.guest_language = PHONE, EMAIL, "en"
    reservation.save()
    return reservation


def message(reservation, body="Hola", *, direction=Direction.INBOUND, channel=Channel.WHATSAPP, **fields):
    """A message of the stay as the webhooks and the sending task store them (a guest's, by default)."""
    address = f"whatsapp:{reservation.guest_phone or '+34600999888'}"
    inbound = direction == Direction.INBOUND
    return Message.objects.create(
        organization=reservation.organization,
        reservation=reservation,
        direction=direction,
        channel=channel,
        to="whatsapp:+14155238886" if inbound else address,
        sender=address if inbound else "whatsapp:+14155238886",
        body=body,
        status=MessageStatus.RECEIVED if inbound else MessageStatus.SENT,
        **fields,
    )


@pytest.fixture
def conversations(cast, guest):
    return {
        "villa_in": message(guest, "Is there parking?"),
        "villa_out": message(guest, "Yes, free!", direction=Direction.OUTBOUND),
        "loft": message(cast.loft_reservation, "Hello from the loft"),
        "rival": message(cast.outsider_reservation, "Hello from the rival's guest"),
    }


# --- Reading -------------------------------------------------------------------------------------------------


def test_lists_the_messages_of_the_accounts_stays_newest_first(conversations, keys, api):
    response = api(keys.read).get(URL)

    assert response.status_code == 200
    assert ids(response) == [conversations[name].pk for name in ("loft", "villa_out", "villa_in")]


def test_a_message_says_who_wrote_what_by_which_channel(guest, conversations, keys, api):
    body = api(keys.read).get(detail(conversations["villa_in"])).json()

    assert (body["reservation"], body["direction"], body["channel"], body["status"]) == (
        guest.pk,
        "in",
        "whatsapp",
        "received",
    )
    assert (body["sender"], body["body"]) == (f"whatsapp:{PHONE}", "Is there parking?")


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"direction": "out"}, ["villa_out"]),
        ({"channel": "whatsapp", "status": "received"}, ["loft", "villa_in"]),
        ({"channel": "sms"}, []),
        ({"since": "2000-01-01T00:00:00Z"}, ["loft", "villa_out", "villa_in"]),
    ],
)
def test_filters_messages(conversations, keys, api, query, expected):
    assert ids(api(keys.read).get(URL, query)) == [conversations[name].pk for name in expected]


def test_filters_one_stays_conversation(guest, conversations, keys, api):
    response = api(keys.read).get(URL, {"reservation": guest.pk})

    assert ids(response) == [conversations["villa_out"].pk, conversations["villa_in"].pk]


def test_since_leaves_out_older_messages(conversations, keys, api):
    Message.objects.filter(pk=conversations["loft"].pk).update(created_at=timezone.now() - timedelta(days=3))

    response = api(keys.read).get(URL, {"since": (timezone.now() - timedelta(days=1)).isoformat()})

    assert ids(response) == [conversations["villa_out"].pk, conversations["villa_in"].pk]


def test_a_message_that_matched_no_stay_is_not_listed(cast, conversations, keys, api):
    stray = Message.objects.create(
        organization=cast.organization, direction=Direction.INBOUND, channel=Channel.SMS, to="+1500", body="Who?"
    )

    assert stray.pk not in ids(api(keys.read).get(URL))
    assert api(keys.read).get(detail(stray)).status_code == 404


def test_another_accounts_message_is_not_listed_and_is_404(conversations, keys, api):
    assert conversations["rival"].pk not in ids(api(keys.read).get(URL))

    response = api(keys.read).get(detail(conversations["rival"]))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_loft_s_messages_are_invisible_to_a_key_limited_to_the_villa(conversations, keys, api):
    assert conversations["loft"].pk not in ids(api(keys.villa_only).get(URL))
    assert api(keys.villa_only).get(detail(conversations["loft"])).status_code == 404


def test_a_concierge_signed_in_reads_the_villa_s_conversations(cast, conversations, client_for):
    response = client_for(cast.concierge).get(URL)

    assert response.status_code == 200
    assert ids(response) == [conversations["villa_out"].pk, conversations["villa_in"].pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"direction": "sideways"}, "direction"),
        ({"channel": "fax"}, "channel"),
        ({"status": "lost"}, "status"),
        ({"reservation": "-1"}, "reservation"),
        ({"reservation": "1e3"}, "reservation"),
        ({"since": "2026-02-30T10:00:00Z"}, "since"),
        ({"since": "0001-01-01T00:00:00+01:00"}, "since"),
        ({"since": ""}, "since"),
        ({"channel": ""}, "channel"),
    ],
)
def test_bad_filters_are_400_naming_the_field(conversations, keys, api, query, field):
    response = api(keys.read).get(URL, query)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_the_query_count_does_not_grow_with_the_rows(guest, keys, api, django_assert_max_num_queries):
    def queries():
        with django_assert_max_num_queries(5) as captured:
            response = api(keys.villa_only).get(URL, {"page_size": 100})
        return len(response.json()["results"]), len(captured)

    api(keys.villa_only).get(URL)  # the key's first use notes when it was used: one query more
    message(guest)
    one = queries()
    for _ in range(29):
        message(guest, direction=Direction.OUTBOUND)

    assert queries() == (30, one[1])


# --- Sending -------------------------------------------------------------------------------------------------


def post(api, key, capture, **data):
    """POST as `key`; what the service queues for after the commit (the delivery) runs at once."""
    with capture(execute=True):
        return api(key).post(URL, data, format="json")


def test_an_email_goes_to_the_guest(guest, keys, api, messaging_off, django_capture_on_commit_callbacks):
    response = post(
        api, keys.write, django_capture_on_commit_callbacks, reservation=guest.pk, channel="email", body="See you!"
    )

    assert response.status_code == 202
    body = response.json()
    assert (body["reservation"], body["direction"], body["channel"], body["to"]) == (guest.pk, "out", "email", EMAIL)
    assert body["author"].startswith("API key Front desk (")
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == ([EMAIL], "A message about your stay")
    assert "See you!" in sent.body


def test_an_email_takes_its_subject(guest, keys, api, messaging_off, django_capture_on_commit_callbacks):
    post(
        api,
        keys.write,
        django_capture_on_commit_callbacks,
        reservation=guest.pk,
        channel="email",
        subject="Your parking",
        body="Free, in front of the house.",
    )

    assert mail.outbox[0].subject == "Your parking"


def test_an_sms_goes_through_twilio(guest, keys, api, fake_twilio, django_capture_on_commit_callbacks):
    response = post(api, keys.write, django_capture_on_commit_callbacks, reservation=guest.pk, channel="sms", body="Hi")

    assert response.status_code == 202
    [sent] = fake_twilio.messages
    assert (sent["to"], sent["body"]) == (PHONE, "Hi")
    assert Message.objects.get(pk=response.json()["id"]).provider_sid == sent["sid"]


def test_without_a_channel_it_goes_by_the_best_one(guest, keys, api, fake_twilio, django_capture_on_commit_callbacks):
    response = post(api, keys.write, django_capture_on_commit_callbacks, reservation=guest.pk, body="Hi")

    assert response.json()["channel"] == "sms"  # WhatsApp's window is closed: SMS before email


def test_with_messaging_off_the_best_channel_is_email(guest, keys, api, messaging_off):
    response = api(keys.write).post(URL, {"reservation": guest.pk, "body": "Hi"}, format="json")

    assert response.json()["channel"] == "email"


def test_a_guest_with_no_contact_is_400_on_the_channel(guest, keys, api, messaging_off):
    guest.guest_phone, guest.guest_email = "", ""
    guest.save()

    response = api(keys.write).post(URL, {"reservation": guest.pk, "body": "Hi"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["channel"]
    assert not Message.objects.exists()


def test_a_channel_the_guest_has_no_address_for_is_400(guest, keys, api, fake_twilio):
    guest.guest_phone = ""
    guest.save()

    response = api(keys.write).post(URL, {"reservation": guest.pk, "channel": "sms", "body": "Hi"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"non_field_errors": ["This guest has no phone number."]}


def test_free_whatsapp_text_inside_the_window_goes(guest, keys, api, fake_twilio, django_capture_on_commit_callbacks):
    message(guest, "Is there parking?")

    response = post(
        api, keys.write, django_capture_on_commit_callbacks, reservation=guest.pk, channel="whatsapp", body="Yes!"
    )

    assert response.status_code == 202
    assert [(m["to"], m["body"]) for m in fake_twilio.messages] == [(f"whatsapp:{PHONE}", "Yes!")]


def test_free_whatsapp_text_outside_the_window_is_400(guest, keys, api, fake_twilio):
    Message.objects.filter(pk=message(guest).pk).update(created_at=timezone.now() - timedelta(hours=25))

    response = api(keys.write).post(URL, {"reservation": guest.pk, "channel": "whatsapp", "body": "Hi"}, format="json")

    assert response.status_code == 400
    [reason] = response.json()["error"]["fields"]["non_field_errors"]
    assert "only an approved template can be sent" in reason
    assert not Message.objects.filter(direction=Direction.OUTBOUND).exists()


def test_an_event_goes_in_the_accounts_words(guest, keys, api, messaging_off, django_capture_on_commit_callbacks):
    response = post(
        api, keys.write, django_capture_on_commit_callbacks, reservation=guest.pk, event="booking_confirmed"
    )

    assert response.status_code == 202
    [sent] = mail.outbox
    assert sent.subject == "Your stay at Villa Mar"
    assert "Your stay at Villa Mar is confirmed" in sent.body


def test_an_event_goes_as_its_approved_whatsapp_template_outside_the_window(
    cast, guest, keys, api, fake_twilio, django_capture_on_commit_callbacks
):
    sid = fake_twilio.add_template("Hello {{1}}, check in here: {{2}}")
    MessageTemplate.objects.create(
        organization=cast.organization,
        event=Event.CHECKIN_REMINDER,
        language="en",
        body="Hello {guest_name}, check in here: {portal_link}",
        content_sid=sid,
        content_variables=["guest_name", "portal_link"],
    )

    response = post(api, keys.write, django_capture_on_commit_callbacks, reservation=guest.pk, event="checkin_reminder")

    assert response.json()["channel"] == "whatsapp"
    [sent] = fake_twilio.messages
    assert (sent["to"], sent["content_sid"]) == (f"whatsapp:{PHONE}", sid)


def test_sending_is_in_the_activity_log_under_the_key(guest, keys, api, messaging_off):
    response = api(keys.write).post(URL, {"reservation": guest.pk, "channel": "email", "body": "Hi"}, format="json")

    entry = ActivityLog.objects.get(action="message.sent")
    assert entry.actor_type == "integration"
    assert entry.actor_label.startswith("API key Front desk (")
    assert entry.details == {"channel": "email", "message": response.json()["id"]}


def test_a_read_only_key_may_not_send(guest, keys, api, messaging_off):
    response = api(keys.read).post(URL, {"reservation": guest.pk, "channel": "email", "body": "Hi"}, format="json")

    assert response.status_code == 403
    assert not Message.objects.exists()


def test_a_concierge_signed_in_answers_the_villa_s_guest_as_on_the_page(cast, guest, client_for, messaging_off):
    response = client_for(cast.concierge).post(
        URL, {"reservation": guest.pk, "channel": "email", "body": "Hi"}, content_type="application/json"
    )

    assert response.status_code == 202
    assert Message.objects.get().author == "concierge@seaside.test"


def test_another_accounts_stay_is_400_on_the_reservation_like_one_that_does_not_exist(cast, keys, api, messaging_off):
    def refusal(pk):
        response = api(keys.write).post(URL, {"reservation": pk, "channel": "email", "body": "Hi"}, format="json")
        assert response.status_code == 400
        return response.json()["error"]["fields"]["reservation"][0].replace(str(pk), "<id>")

    assert refusal(cast.outsider_reservation.pk) == refusal(cast.outsider_reservation.pk + 1000)
    assert not Message.objects.exists()


def test_a_key_limited_to_the_villa_may_not_write_to_the_loft_s_guest(cast, keys, api, messaging_off):
    loft = cast.loft_reservation
    loft.guest_email = "lars@example.com"
    loft.save()

    response = api(keys.villa_only).post(URL, {"reservation": loft.pk, "channel": "email", "body": "Hi"}, format="json")

    assert response.status_code == 400
    assert "reservation" in response.json()["error"]["fields"]
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"reservation": None, "body": "Hi"}, "reservation"),
        ({"reservation": "villa", "body": "Hi"}, "reservation"),
        ({"reservation": 2**64, "body": "Hi"}, "reservation"),
        ({"reservation": True, "body": "Hi"}, "reservation"),
        ({"channel": "fax", "body": "Hi"}, "channel"),
        ({"event": "thank_you"}, "event"),
        ({"body": "x" * 4001}, "body"),
        ({"body": "Hi\x00"}, "body"),
        ({"body": "Hi", "event": "booking_confirmed"}, "non_field_errors"),
        ({}, "non_field_errors"),
        ({"body": "   "}, "body"),
    ],
)
def test_bad_input_is_400_naming_the_field(guest, keys, api, messaging_off, data, field):
    response = api(keys.write).post(URL, {"reservation": guest.pk} | data, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Message.objects.exists()
