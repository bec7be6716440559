"""Automated messages: what is due now, sent once each, never in the guest's quiet hours.

A pass (every minute, `tasks.send_due_messages`) asks, per automation a host turned on, for the
few stays it concerns, with indexed queries on arrival and departure dates, so its cost follows
what is due, not how many reservations there are. Each sending is claimed first as an
`Occurrence` (reservation, event, key) under a unique constraint: two schedulers or workers
running at once cannot both send it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.actors import automation as automation_actor
from notifications.models import Automation, Channel, Event, Occurrence
from notifications.rendering import render
from notifications.services.sending import best_channel, send, settings_of
from reservations.models import CheckinStatus, Reservation, ReservationStatus

# Day-based automations look at stays whose dates fall within a day of today in any time zone.
SLACK = timedelta(days=1)
# A booking is welcomed if it was made this recently (older ones were there before the automation).
WELCOME_WITHIN = timedelta(days=2)


@dataclass(frozen=True)
class Due:
    automation: Automation
    reservation: Reservation
    key: str


def run_pass(now=None):
    """Claim everything due now and queue its sending; returns how many this pass queued.

    Claims are one bulk insert that skips what another pass claimed already; each claim is then
    sent by its own task, which takes it only once (`send_claimed`).
    """
    from notifications.tasks import send_occurrence

    now = now or timezone.now()
    dues = [due for due in due_now(now) if not quiet(due.reservation, now)]  # quiet: due again after
    if not dues:
        return 0
    Occurrence.objects.bulk_create(
        [
            Occurrence(
                organization_id=due.reservation.organization_id,
                reservation=due.reservation,
                event=due.automation.event,
                key=due.key,
            )
            for due in dues
        ],
        ignore_conflicts=True,
    )
    claimed = Occurrence.objects.filter(
        reservation__in=[due.reservation for due in dues], outcome="", message=None
    ).values_list("pk", flat=True)
    for pk in claimed:
        send_occurrence.enqueue(pk)
    return len(claimed)


def due_now(now):
    """What is due, one query per event for every account that turned it on (not one per account)."""
    by_event = defaultdict(dict)
    for automation in Automation.objects.filter(enabled=True):
        by_event[automation.event][automation.organization_id] = automation
    for event, automations in by_event.items():
        finder = FINDERS.get(event)
        if finder is not None:
            yield from finder(event, automations, now)


def _stays(event, automations):
    not_sent = Occurrence.objects.filter(reservation=OuterRef("pk"), event=event)
    return (
        Reservation.objects.filter(organization_id__in=list(automations))
        .exclude(status=ReservationStatus.CANCELED)
        .select_related("property", "organization")
        .annotate(already=Exists(not_sent))
    )


def _local(reservation, now):
    return timezone.localtime(now, reservation.property.tz)


def _booking_confirmed(event, automations, now):
    stays = _stays(event, automations).filter(
        created_at__gte=now - WELCOME_WITHIN, check_out__gte=now.date(), already=False
    )
    for stay in stays:
        automation = automations[stay.organization_id]
        if stay.created_at >= automation.updated_at:  # booked after the host turned it on
            yield Due(automation, stay, "once")


def _checkin_reminder(event, automations, now):
    today = now.date()
    longest = max(automation.days for automation in automations.values())
    stays = (
        _stays(event, automations)
        .filter(check_in__gte=today, check_in__lte=today + timedelta(days=longest) + SLACK)
        .exclude(checkin_status=CheckinStatus.COMPLETED)
        .annotate(reminders=Coalesce(Subquery(_occurrences(event)), 0))
        .annotate(last_day=Subquery(_latest_key(event)))
    )
    for stay in stays:
        automation = automations[stay.organization_id]
        local = _local(stay, now)
        days_left = (stay.check_in - local.date()).days
        if not 0 < days_left <= automation.days or local.hour < automation.hour:
            continue
        if stay.reminders >= automation.max_times or stay.last_day == local.date().isoformat():
            continue
        yield Due(automation, stay, local.date().isoformat())


def _occurrences(event):
    """How many times an event was sent to the outer reservation (a subquery)."""
    return (
        Occurrence.objects.filter(reservation=OuterRef("pk"), event=event)
        .order_by()
        .values("reservation")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _latest_key(event):
    return Occurrence.objects.filter(reservation=OuterRef("pk"), event=event).order_by("-key").values("key")[:1]


def _arrival_access(event, automations, now):
    today = now.date()
    stays = _stays(event, automations).filter(
        check_in__gte=today - SLACK, check_in__lte=today + SLACK, checkin_status=CheckinStatus.COMPLETED, already=False
    )
    for stay in stays:
        automation = automations[stay.organization_id]
        local = _local(stay, now)
        if stay.check_in == local.date() and local.hour >= automation.hour:
            yield Due(automation, stay, "once")


def _thank_you(event, automations, now):
    days = [automation.days for automation in automations.values()]
    stays = _stays(event, automations).filter(
        check_out__gte=now.date() - timedelta(days=max(days)) - SLACK,
        check_out__lte=now.date() - timedelta(days=min(days)) + SLACK,
        already=False,
    )
    for stay in stays:
        automation = automations[stay.organization_id]
        local = _local(stay, now)
        if (local.date() - stay.check_out).days == automation.days and local.hour >= automation.hour:
            yield Due(automation, stay, "once")


FINDERS = {
    Event.BOOKING_CONFIRMED: _booking_confirmed,
    Event.CHECKIN_REMINDER: _checkin_reminder,
    Event.ARRIVAL_ACCESS: _arrival_access,
    Event.THANK_YOU: _thank_you,
}


def quiet(reservation, now):
    """Within the account's quiet hours in the property's time zone (they may span midnight)."""
    hours = settings_of(reservation.organization)
    local = _local(reservation, now).time()
    start, end = _time(hours.quiet_from), _time(hours.quiet_until)
    if start == end:
        return False
    return start <= local or local < end if start > end else start <= local < end


def _time(value):
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def send_once(due, *, now=None, values=None):
    """Claim this one occurrence and send it at once (an event, not the schedule); False if it was sent.

    `values`: placeholders only the event knows (an order's extras and status)."""
    try:
        with transaction.atomic():
            occurrence = Occurrence.objects.create(
                organization_id=due.reservation.organization_id,
                reservation=due.reservation,
                event=due.automation.event,
                key=due.key,
            )
    except IntegrityError:
        return False
    return send_claimed(occurrence.pk, now=now, values=values)


def send_claimed(occurrence_pk, *, now=None, values=None):
    """Send a claimed occurrence, if no other worker has taken it; True when a message went."""
    if not Occurrence.objects.filter(pk=occurrence_pk, outcome="").update(outcome="sending"):
        return False
    occurrence = Occurrence.objects.select_related("reservation__property", "reservation__organization").get(
        pk=occurrence_pk
    )
    reservation = occurrence.reservation
    event = Event(occurrence.event)
    rendered = render(event, reservation, now=now, **(values or {}))
    channel = best_channel(reservation, content_sid=rendered.content_sid)
    if channel is None:
        Occurrence.objects.filter(pk=occurrence.pk).update(outcome="No phone number or email address to send to.")
        return False
    try:
        message = send(
            actor=automation_actor(reservation.organization, event.label),
            reservation=reservation,
            channel=channel,
            body=rendered.body,
            subject=rendered.subject,
            content_sid=rendered.content_sid if channel == Channel.WHATSAPP else "",
            content_variables=rendered.content_variables if channel == Channel.WHATSAPP else None,
            automated=True,
        )
    except ValidationError as error:
        Occurrence.objects.filter(pk=occurrence.pk).update(outcome=" ".join(error.messages)[:300])
        return False
    Occurrence.objects.filter(pk=occurrence.pk).update(message=message, outcome="sent")
    return True
