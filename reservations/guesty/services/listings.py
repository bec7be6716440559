"""Guesty listings: mirrored for the host to choose from, imported as properties or linked to existing ones.

Refreshing re-imports what Guesty says of the listings already brought in (name, address, time
zone, check-in and check-out times, capacity); what only GoRently knows (the guide, the
branding, the check-in form) is never touched.
"""

from django.db import transaction
from django.utils import timezone

from accounts.activity import record_action
from accounts.permissions import Rule, require
from properties.models import Property
from properties.services import create_property, update_property
from reservations.guesty.mapping import ListingDetails, read_listing
from reservations.guesty.models import GuestyListing, IssueKind, SyncIssue, SyncKind
from reservations.guesty.services.runs import queue_run, sync_actor

LISTING_FIELDS = "_id title nickname address timezone accommodates active defaultCheckInTime defaultCheckOutTime"
PAGE_SIZE = 100


def refresh_listings(context):
    """Mirror every listing of the Guesty account, 100 a page, and bring linked properties up to date."""
    run = context.run
    organization = run.organization
    seen_at = timezone.now()
    skip = 0
    while True:
        body = context.client.get("/listings", limit=PAGE_SIZE, skip=skip, fields=LISTING_FIELDS)
        results = [item for item in (body.get("results") or []) if isinstance(item, dict) and item.get("_id")]
        for item in results:
            _mirror(organization, item, seen_at, run)
        skip += len(results)
        run.pages += 1
        context.save()
        if not results or skip >= int(body.get("count") or 0):
            return


def _mirror(organization, item, seen_at, run):
    details = read_listing(item)
    listing_id = str(item["_id"])
    _row, created = GuestyListing.objects.update_or_create(
        organization=organization,
        listing_id=listing_id,
        defaults={
            "title": details.title,
            "nickname": details.nickname,
            "address": details.address,
            "city": details.city,
            "country": details.country,
            "timezone": details.timezone,
            "accommodates": details.accommodates,
            "check_in_time": details.check_in_time,
            "check_out_time": details.check_out_time,
            "active": details.active,
            "seen_at": seen_at,
        },
    )
    property = Property.objects.filter(organization=organization, guesty_listing_id=listing_id).first()
    if property is None:
        run.created += created
        run.unchanged += not created
        return
    fields = {name: value for name, value in property_fields(details).items() if getattr(property, name) != value}
    if fields:
        update_property(actor=sync_actor(organization), property=property, **fields)
        run.updated += 1
    else:
        run.unchanged += 1


def property_fields(details):
    """A property's fields as Guesty describes the listing; what Guesty leaves blank is left out."""
    fields = {
        "name": (details.title or details.nickname)[:120],
        "address": details.address,
        "city": details.city,
        "country": details.country,
        "timezone": details.timezone,
        "check_in_time": details.check_in_time,
        "check_out_time": details.check_out_time,
        "max_guests": max(1, min(details.accommodates, 50)) if details.accommodates else None,
    }
    return {name: value for name, value in fields.items() if value}


def import_listings(*, actor, listing_ids, leave_out_others=False, request=None):
    """Create a property for each chosen listing (or update the one linked to it), then import its stays.

    With `leave_out_others`, the listings not chosen are left out: their reservations are skipped,
    not reported as issues. Returns the properties.
    """
    require(actor, Rule.MANAGE_INTEGRATIONS)
    organization = actor.organization
    with transaction.atomic():
        chosen = list(GuestyListing.objects.filter(organization=organization, listing_id__in=listing_ids))
        linked = {
            p.guesty_listing_id: p
            for p in Property.objects.filter(
                organization=organization, guesty_listing_id__in=[row.listing_id for row in chosen]
            )
        }
        properties = []
        for row in chosen:
            fields = property_fields(_details_of(row))
            fields.setdefault("name", row.name[:120])
            if row.listing_id in linked:
                properties.append(
                    update_property(actor=actor, property=linked[row.listing_id], request=request, **fields)
                )
            else:
                properties.append(
                    create_property(actor=actor, request=request, guesty_listing_id=row.listing_id, **fields)
                )
        GuestyListing.objects.filter(
            organization=organization, listing_id__in=[row.listing_id for row in chosen]
        ).update(ignored=False)
        if leave_out_others:
            GuestyListing.objects.filter(organization=organization).exclude(
                listing_id__in=[row.listing_id for row in chosen]
            ).exclude(
                listing_id__in=Property.objects.filter(organization=organization).values("guesty_listing_id")
            ).update(ignored=True)
        if properties:
            record_action(actor, "guesty.listings_imported", request=request, listings=len(properties))
            _bring_in_stays(actor, [row.listing_id for row in chosen])
    return properties


def link_listing(*, actor, listing_id, property, request=None):
    """Link an existing property to a Guesty listing (by its id), then import the listing's stays."""
    require(actor, Rule.MANAGE_INTEGRATIONS)
    with transaction.atomic():
        row = GuestyListing.objects.get(organization=actor.organization, listing_id=listing_id)
        update_property(actor=actor, property=property, request=request, guesty_listing_id=listing_id)
        row.ignored = False
        row.save(update_fields=["ignored"])
        _bring_in_stays(actor, [listing_id])
    return property


def leave_out(*, actor, listing_ids, left_out=True, request=None):
    require(actor, Rule.MANAGE_INTEGRATIONS)
    count = GuestyListing.objects.filter(organization=actor.organization, listing_id__in=listing_ids).update(
        ignored=left_out
    )
    if count:
        record_action(
            actor,
            "guesty.listings_left_out" if left_out else "guesty.listings_taken_back",
            request=request,
            listings=count,
        )
    return count


def _bring_in_stays(actor, listing_ids):
    """The full import brings the new listings' stays; reservations already reported go first."""
    trigger = actor.log_identity().label
    reported = list(
        SyncIssue.objects.filter(
            organization=actor.organization,
            kind=IssueKind.UNKNOWN_LISTING,
            resolved_at=None,
            guesty_listing_id__in=listing_ids,
        ).values_list("guesty_reservation_id", flat=True)[:500]
    )
    if reported:
        queue_run(organization=actor.organization, kind=SyncKind.FETCH, trigger=trigger, cursor={"ids": reported})
    queue_run(organization=actor.organization, kind=SyncKind.BACKFILL, trigger=trigger)


def _details_of(row):
    return ListingDetails(
        title=row.title,
        nickname=row.nickname,
        address=row.address,
        city=row.city,
        country=row.country,
        timezone=row.timezone,
        accommodates=row.accommodates,
        active=row.active,
        check_in_time=row.check_in_time,
        check_out_time=row.check_out_time,
    )
