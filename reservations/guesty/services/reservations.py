"""Guesty reservations into GoRently: the full import, the reconciliation, webhooks and fetches by id.

Every path ends in `apply_page`, which upserts by Guesty id, page by page (memory stays flat):

- never a duplicate: one reservation per (account, Guesty id), enforced by the database; a stay
  typed in by hand with the same confirmation code is linked, not copied;
- never backwards: a version older than the one stored (Guesty's `lastUpdatedAt`) changes nothing;
- only Guesty's fields: the portal link, check-in and notes of a stay are never touched;
- the main guest's details come with the reservation when Guesty embeds them, else from
  `/guests-crud/{id}`, fetched only when the stay is new, its guest changed, or Guesty changed it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from properties.models import Property
from reservations.guesty.mapping import GuestDetails, Unreadable, read_stay
from reservations.guesty.models import GuestyListing, IssueKind, SyncIssue, WebhookDelivery
from reservations.guesty.services.issues import READ_ISSUES, report, resolve
from reservations.guesty.services.runs import COUNTS
from reservations.models import Guest, Reservation

PAGE_SIZE = 100  # the most Guesty's search returns at once
BY_IDS = 10  # the most `GET /reservations-v3?reservationIds=` takes
DELIVERIES_KEPT = timedelta(days=30)
# The full import brings stays from this far back: older stays have no guest to welcome.
BACKFILL_DAYS_BACK = 30
SYNCED = (
    "property",
    "status",
    "check_in",
    "check_out",
    "guests_count",
    "channel",
    "guest_name",
    "guest_email",
    "guest_phone",
    "guest_language",
    "external_id",
    "external_guest_id",
    "external_updated_at",
)


# The walks.


def backfill(context):
    """Every booked stay from BACKFILL_DAYS_BACK on, 100 at a time by Guesty id; resumes at the cursor's skip."""
    since = timezone.localdate() - timedelta(days=BACKFILL_DAYS_BACK)
    filters = {"filter[status][in]": "confirmed,reserved,awaiting_payment", "filter[checkOut][gte]": since.isoformat()}
    _walk(context, "all", filters)


def reconcile(context, *, since):
    """What webhooks could have missed, in two windows:

    - stays in progress and arriving within GUESTY_RECONCILE_DAYS_AHEAD days, in every status, so a
      missed cancellation or date change is applied before the guest is affected;
    - bookings created since the last reconciliation (with an hour's overlap), whatever their dates,
      so a missed new booking arrives within one interval.
    Changes to stays further ahead come by webhook, and at the latest once they enter the window.
    """
    today = timezone.localdate()
    window = {
        "filter[checkOut][gte]": (today - timedelta(days=1)).isoformat(),
        "filter[checkIn][lte]": (today + timedelta(days=settings.GUESTY_RECONCILE_DAYS_AHEAD)).isoformat(),
    }
    phase = context.run.cursor.get("phase", "window")
    if phase == "window":
        _walk(context, "window", window)
        context.run.cursor = {"phase": "created", "skip": 0, "since": since.isoformat()}
    since = context.run.cursor.get("since") or since.isoformat()
    _walk(context, "created", {"filter[createdAt][gte]": since})


def _walk(context, phase, filters):
    run = context.run
    skip = run.cursor.get("skip", 0) if run.cursor.get("phase", phase) == phase else 0
    while True:
        body = context.client.get("/reservations-v3/search", limit=PAGE_SIZE, skip=skip, sort="_id", **filters)
        results = body.get("results") if isinstance(body, dict) else None
        results = results if isinstance(results, list) else []
        apply_page(context, results)
        skip += len(results)
        run.pages += 1
        run.cursor = {**run.cursor, "phase": phase, "skip": skip}
        context.save()
        has_more = (body.get("pagination") or {}).get("hasMore") if isinstance(body, dict) else False
        if not results or not has_more:
            return


def fetch_by_ids(context, ids):
    """Read these reservations again, ten per request."""
    ids = list(dict.fromkeys(ids))
    found = set()
    for start in range(0, len(ids), BY_IDS):
        chunk = ids[start : start + BY_IDS]
        body = context.client.get("/reservations-v3", reservationIds=",".join(chunk))
        results = body.get("results") if isinstance(body, dict) else body
        results = [item for item in results or [] if isinstance(item, dict)]
        found.update(str(item.get("_id")) for item in results)
        apply_page(context, results)
        context.run.pages += 1
        context.save()
    return found


def process_webhooks(context):
    """Apply the webhooks received and not yet processed, oldest first; a stale one costs no request."""
    run = context.run
    organization = run.organization
    while True:
        pending = list(
            WebhookDelivery.objects.filter(organization=organization, processed_at=None).order_by("received_at")[:100]
        )
        if not pending:
            _forget_old_deliveries(organization)
            return
        ids = {delivery.guesty_reservation_id for delivery in pending if delivery.guesty_reservation_id}
        stored = dict(
            Reservation.objects.filter(organization=organization, external_id__in=ids).values_list(
                "external_id", "external_updated_at"
            )
        )
        wanted, outcomes = [], {}
        for delivery in pending:
            known = stored.get(delivery.guesty_reservation_id)
            if not delivery.guesty_reservation_id:
                outcomes[delivery.pk] = "ignored"
            elif known and delivery.published_at and delivery.published_at <= known:
                outcomes[delivery.pk] = "stale"
                run.unchanged += 1
            else:
                wanted.append(delivery.guesty_reservation_id)
                outcomes[delivery.pk] = "applied"
        found = fetch_by_ids(context, wanted)
        now = timezone.now()
        for delivery in pending:
            outcome = outcomes[delivery.pk]
            if outcome == "applied" and delivery.guesty_reservation_id not in found:
                outcome = "not found"
            WebhookDelivery.objects.filter(pk=delivery.pk).update(processed_at=now, outcome=outcome)
        context.save()


def _forget_old_deliveries(organization):
    """Processed deliveries are kept a while to recognise repeats (Guesty retries within hours), then dropped."""
    WebhookDelivery.objects.filter(
        organization=organization, processed_at__lt=timezone.now() - DELIVERIES_KEPT
    ).delete()


# The upsert.


def apply_page(context, items):
    """Upsert one page of Guesty reservations; counts go on the run.

    The page's guests are looked up first, so no transaction is held open over the network. A page
    that races another worker's is applied again stay by stay, so one bad row never loses the others.
    """
    stays = _readable(context, items)
    held, typed = _held(context.run.organization, stays)
    context.prefetch_guests(
        [stay.guest_id for stay in stays if _needs_guest(stay, held.get(stay.id) or typed.get(stay.confirmation_code))]
    )
    counted = {name: getattr(context.run, name) for name in COUNTS}
    try:
        with transaction.atomic():
            _apply(context, stays)
    except IntegrityError:
        for name, value in counted.items():
            setattr(context.run, name, value)
        for stay in stays:
            try:
                with transaction.atomic():
                    _apply(context, [stay])
            except IntegrityError as error:
                context.run.failed += 1
                _report_unreadable(context, stay.id, f"GoRently could not store this reservation: {error}")


def _readable(context, items):
    stays = []
    for item in items:
        try:
            stays.append(read_stay(item))
        except Unreadable as error:
            context.run.failed += 1
            guesty_id = str(item.get("_id") or "") if isinstance(item, dict) else ""
            _report_unreadable(context, guesty_id, str(error), answer=str(item)[:2000])
    return stays


def _held(organization, stays):
    """The stays GoRently holds already, by Guesty id, and stays typed in by hand, by confirmation code."""
    ids = [stay.id for stay in stays]
    held = {r.external_id: r for r in Reservation.objects.filter(organization=organization, external_id__in=ids)}
    typed = {
        r.confirmation_code: r
        for r in Reservation.objects.filter(
            organization=organization,
            external_id="",
            confirmation_code__in=[stay.confirmation_code for stay in stays if stay.id not in held],
        )
    }
    return held, typed


def _apply(context, stays):
    run = context.run
    organization = run.organization
    if not stays:
        return
    held, typed = _held(organization, stays)
    ids = [stay.id for stay in stays]
    held = {r.external_id: r for r in Reservation.objects.filter(organization=organization, external_id__in=ids)}
    typed = {
        r.confirmation_code: r
        for r in Reservation.objects.filter(
            organization=organization,
            external_id="",
            confirmation_code__in=[stay.confirmation_code for stay in stays if stay.id not in held],
        )
    }
    listing_ids = {stay.listing_id for stay in stays}
    properties = {
        p.guesty_listing_id: p
        for p in Property.objects.filter(organization=organization, guesty_listing_id__in=listing_ids)
    }
    ignored = set(
        GuestyListing.objects.filter(organization=organization, listing_id__in=listing_ids, ignored=True).values_list(
            "listing_id", flat=True
        )
    )
    created, settled = [], []
    for stay in stays:
        current = held.get(stay.id) or typed.get(stay.confirmation_code)
        if current is None and not stay.is_booked:
            run.skipped += 1  # an inquiry or a refusal GoRently never held
            continue
        if current is not None and _already_held(current, stay):
            run.unchanged += 1
            settled.append(stay.id)
            continue
        place = properties.get(stay.listing_id) or (
            current.property if current and stay.listing_id in ignored else None
        )
        if place is None:
            if stay.listing_id in ignored:
                run.skipped += 1
            else:
                run.failed += 1
                report(
                    organization=organization,
                    run=run,
                    kind=IssueKind.UNKNOWN_LISTING,
                    message=f"Reservation {stay.confirmation_code} is for a Guesty listing that is not imported "
                    f"({stay.listing_id or 'no listing'}): import the listing, or leave it out, then retry.",
                    reservation=current,
                    guesty_reservation_id=stay.id,
                    guesty_listing_id=stay.listing_id,
                )
            continue
        values = _values(context, stay, place, current)
        settled.append(stay.id)
        if current is None:
            created.append(Reservation(organization=organization, confirmation_code=stay.confirmation_code, **values))
            continue
        changed = [name for name, value in values.items() if getattr(current, _attname(name)) != _id_of(value)]
        if [name for name in changed if name not in ("external_updated_at", "external_guest_id")]:
            run.updated += 1
        else:
            run.unchanged += 1
        if changed:
            for name in changed:
                setattr(current, name, values[name])
            current.save(update_fields=[*changed, "updated_at"])
            if {"guest_name", "guest_email", "guest_phone"} & set(changed):
                _main_guest(current)
    if created:
        Reservation.objects.bulk_create(created)
        Guest.objects.bulk_create([_main_guest_row(reservation) for reservation in created])
        run.created += len(created)
    if settled:
        resolve(
            SyncIssue.objects.filter(
                organization=organization, kind__in=READ_ISSUES, guesty_reservation_id__in=settled
            ),
            f"Imported by sync run #{run.pk}.",
        )


def _already_held(current, stay):
    """GoRently holds this version of the stay, or a newer one (a late fetch or event changes nothing)."""
    if not (current.external_updated_at and stay.updated_at):
        return False
    if stay.updated_at == current.external_updated_at:
        return current.external_id == stay.id
    return stay.updated_at < current.external_updated_at


def _needs_guest(stay, current):
    """Whether the stay's guest must be looked up: Guesty did not embed it, and GoRently does not hold this version."""
    if stay.guest is not None or not stay.guest_id or not stay.is_booked:
        return False
    return (
        current is None or current.external_guest_id != stay.guest_id or current.external_updated_at != stay.updated_at
    )


def _values(context, stay, place, current):
    guest = stay.guest
    if _needs_guest(stay, current):
        guest = context.guest(stay.guest_id)
    values = {
        "property": place,
        "status": stay.status,
        "check_in": stay.check_in,
        "check_out": stay.check_out,
        "guests_count": stay.guests_count,
        "channel": stay.channel,
        "external_id": stay.id,
        "external_guest_id": stay.guest_id,
        "external_updated_at": stay.updated_at,
    }
    guest = guest or GuestDetails()
    fallback = current.guest_name if current else f"Guest {stay.confirmation_code}"
    values["guest_name"] = guest.name or fallback
    # Guesty saying nothing about a detail keeps what GoRently has (a host may have added it).
    for name, value in (("guest_email", guest.email), ("guest_phone", guest.phone), ("guest_language", guest.language)):
        if value or current is None:
            values[name] = value
    return values


def _attname(name):
    return "property_id" if name == "property" else name


def _id_of(value):
    return value.pk if isinstance(value, Property) else value


def _main_guest_row(reservation):
    first, _, last = reservation.guest_name.strip().rpartition(" ")
    if not first:
        first, last = last, ""
    return Guest(
        organization_id=reservation.organization_id,
        reservation=reservation,
        is_main=True,
        first_name=first[:80],
        last_name=last[:80],
        email=reservation.guest_email,
        phone=reservation.guest_phone,
    )


def _main_guest(reservation):
    row = _main_guest_row(reservation)
    Guest.objects.update_or_create(
        reservation=reservation,
        is_main=True,
        defaults={
            name: getattr(row, name) for name in ("organization_id", "first_name", "last_name", "email", "phone")
        },
    )


def _report_unreadable(context, guesty_id, message, answer=""):
    organization = context.run.organization
    report(
        organization=organization,
        run=context.run,
        kind=IssueKind.INVALID_RESERVATION,
        message=message,
        guesty_reservation_id=guesty_id,
        reservation=Reservation.objects.filter(organization=organization, external_id=guesty_id).first()
        if guesty_id
        else None,
        guesty_answer=answer,
    )
