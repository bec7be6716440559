"""What the scenarios need, read from the bench database (Django set up on bench.load_settings).

The generator's tokens are random: the guest links, the guide link, the message ids and the
Guesty reservation ids are read here; the suite's own API key and (if the generator made none)
Guesty connection for account 1 are made here. The result is plain JSON for the locust process.
"""

import base64
import secrets
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

BENCH_DOMAIN = "bench.gorently.test"
PASSWORD = "bench-pass-2026"
OWNER = f"owner1@{BENCH_DOMAIN}"
ADMIN = f"admin@{BENCH_DOMAIN}"
API_KEY_NAME = "Load suite (make bench)"
GUESTS = 40  # stays with a check-in to fill in: one per simulated guest, 20 at most at once
COMMON_SURNAMES = ["garcia", "smith", "muller", "rossi", "martin", "silva"]


class NotReady(Exception):
    """The database lacks what the suite needs (the message says what)."""


def owner_membership():
    from accounts.models import Membership
    from accounts.permissions import Role

    membership = (
        Membership.objects.select_related("organization", "user")
        .filter(user__email=OWNER, role=Role.OWNER)
        .order_by("created_at", "pk")
        .first()
    )
    if membership is None:
        raise NotReady(f"No owner {OWNER}: generate the data first (python -m bench.generate).")
    return membership


def data_size():
    """Rows of what the generator makes, for the report."""
    from django.apps import apps

    models = [
        ("host accounts", "accounts.Organization"),
        ("users", "accounts.User"),
        ("properties", "properties.Property"),
        ("reservations", "reservations.Reservation"),
        ("guests", "reservations.Guest"),
        ("check-ins", "checkin.CheckinSubmission"),
        ("messages", "notifications.Message"),
        ("orders", "payments.Order"),
    ]
    sizes = {}
    for label, dotted in models:
        try:
            sizes[label] = apps.get_model(dotted).objects.count()
        except LookupError:
            continue
    return sizes


def search_term(membership):
    """'garcia' when it finds stays of the account, else the most common surname among them."""
    from reservations.models import Reservation

    rows = Reservation.objects.filter(organization=membership.organization)
    for name in COMMON_SURNAMES:
        if rows.filter(guest_name__icontains=name).exists():
            return name
    return commonest_surname(rows.values_list("guest_name", flat=True)[:5000])


def commonest_surname(names):
    """The last word most of these guest names end with, lower-cased ("a" when there are none)."""
    surnames = Counter(name.split()[-1].lower() for name in names if name.strip())
    return surnames.most_common(1)[0][0] if surnames else "a"


def _answer_for(spec):
    """A valid answer to a check-in question (checked with the portal's own cleaning)."""
    from django.core.exceptions import ValidationError

    from reservations.checkin.answers import clean_answer
    from reservations.checkin.fields import FieldType

    options = spec.option_values()
    candidates = {
        FieldType.EMAIL: ["guest@example.net"],
        FieldType.PHONE: ["+34611987654", "+14155550123"],
        FieldType.DATE: [
            (timezone.localdate() - timedelta(days=365 * 35)).isoformat(),
            timezone.localdate().isoformat(),
        ],
        FieldType.NUMBER: [str(spec.min if spec.min is not None else 1), "1", "2"],
        FieldType.COUNTRY: ["ES", "GB", "FR"],
        FieldType.CHOICE: options[:1],
        FieldType.MULTICHOICE: [options[:1]],
        FieldType.YESNO: ["yes", "no"],
        FieldType.AGREEMENT: ["on"],
    }.get(spec.type, ["16:00", "Bench answer", "ABC12345", "1234", "x" * max(spec.min or 1, 1)])
    if not spec.required:
        candidates = [*candidates, [] if spec.type == FieldType.MULTICHOICE else ""]
    for value in candidates:
        try:
            clean_answer(spec, value)
        except ValidationError:
            continue
        return value
    raise NotReady(f"No valid answer found for check-in question {spec.key!r} ({spec.type}).")


def _details_fields(submission, reservation):
    """The POST of the check-in's first step (`details`): the party size and the stay's questions."""
    from reservations.checkin.steps import fields_for, steps_for

    specs = submission.form_version.specs
    fields = {"party_size": str(submission.party_size)}
    for spec in fields_for(steps_for(specs, 1)[0], specs):
        fields["f-" + spec.key] = _answer_for(spec)
    return fields


def guest_stays(membership, count=GUESTS, minimum=20):
    """Upcoming stays whose check-in is not submitted yet, started (so every step page opens), with a valid POST."""
    from reservations.checkin.selectors import form_of_property
    from reservations.checkin.services.submissions import start_checkin
    from reservations.models import CheckinStatus, Reservation, ReservationStatus

    today = timezone.localdate()
    open_rows = (
        Reservation.objects.select_related("property", "organization")
        .filter(
            portal_revoked_at__isnull=True,
            check_in__gte=today + timedelta(days=1),
            check_in__lte=today + timedelta(days=120),
            checkin_status__in=[CheckinStatus.NOT_STARTED, CheckinStatus.IN_PROGRESS],
        )
        .exclude(status=ReservationStatus.CANCELED)
        .order_by("check_in", "pk")
    )
    own = open_rows.filter(organization=membership.organization)
    others = open_rows.exclude(organization=membership.organization)
    stays = []
    for reservation in [*own[: count * 2], *others[: count * 2]]:
        if len(stays) >= count:
            break
        if reservation.guests_count > reservation.property.max_guests or form_of_property(reservation.property) is None:
            continue
        submission = start_checkin(reservation=reservation, language="en")
        if submission.is_submitted:
            continue
        stays.append(
            {
                "token": reservation.portal_token,
                "reservation": reservation.pk,
                "step": "details",
                "fields": _details_fields(submission, reservation),
            }
        )
    if len(stays) < minimum:
        raise NotReady(f"Only {len(stays)} upcoming stays with a check-in to fill in ({minimum} needed).")
    return stays


def api_key(membership):
    """A fresh read-only key for account 1 (the previous run's is deleted: keys never pile up)."""
    from accounts.api_keys import create_api_key
    from accounts.models import ApiKey, ApiKeyScope

    ApiKey.objects.filter(organization=membership.organization, name=API_KEY_NAME).delete()
    _key, raw = create_api_key(actor=membership, name=API_KEY_NAME, scope=ApiKeyScope.READ)
    return raw


def guesty_connection(membership):
    """Account 1's Guesty connection with a webhook secret: the generator's, else one made here (kept)."""
    from reservations.guesty.models import ConnectionStatus, GuestyConnection

    connection = GuestyConnection.objects.filter(organization=membership.organization).first()
    if connection is None:
        connection = GuestyConnection.objects.create(
            organization=membership.organization,
            client_id="bench-client",
            client_secret="bench-secret",
            account_id="bench-account",
            status=ConnectionStatus.CONNECTED,
            checked_at=timezone.now(),
        )
    if not connection.webhook_secret:
        connection.webhook_secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
        connection.save(update_fields=["webhook_secret", "updated_at"])
    return connection


def context():
    """Everything the scenarios read (bench/load/scenarios.py), as JSON-ready values."""
    from notifications.models import Message
    from properties.models import Property
    from reservations.checkin.models import CheckinSubmission
    from reservations.models import Reservation

    membership = owner_membership()
    organization = membership.organization
    properties = Property.objects.filter(organization=organization).order_by("pk")
    guide_property = properties.filter(archived_at__isnull=True).first()
    if guide_property is None:
        raise NotReady("Account 1 has no property.")
    own = Reservation.objects.filter(organization=organization)
    done = CheckinSubmission.objects.filter(organization=organization, submitted_at__isnull=False)
    reservation_pks = list(done.order_by("-pk").values_list("reservation_id", flat=True)[:20])
    reservation_pks += list(own.exclude(pk__in=reservation_pks).order_by("-check_in").values_list("pk", flat=True)[:20])
    sids = list(
        Message.objects.filter(organization=organization)
        .exclude(provider_sid="")
        .values_list("provider_sid", flat=True)[:50]
    ) or [f"SMbench{n:026d}" for n in range(50)]
    external = list(own.exclude(external_id="").values_list("external_id", flat=True)[:50]) or [
        f"bench-reservation-{n}" for n in range(50)
    ]
    connection = guesty_connection(membership)
    today = timezone.localdate()
    return {
        "owner": {"email": OWNER, "password": PASSWORD},
        "admin": {"email": ADMIN, "password": PASSWORD},
        "account": {"id": organization.pk, "name": organization.name, "reservations": own.count()},
        "host_list": {
            "search": search_term(membership),
            "filtered": f"property={guide_property.pk}&status=confirmed&arrival_from={today - timedelta(days=90)}",
        },
        "reservation_pks": reservation_pks,
        "guests": guest_stays(membership),
        "guide_token": guide_property.guide_token,
        "api_key": api_key(membership),
        "stripe": {"secret": settings.STRIPE_WEBHOOK_SECRET},
        "twilio": {
            "account_sid": settings.TWILIO_ACCOUNT_SID,
            "auth_token": settings.TWILIO_AUTH_TOKEN,
            "public_base_url": settings.PUBLIC_BASE_URL,
            "sids": sids,
        },
        "guesty": {"key": connection.webhook_key, "secret": connection.webhook_secret, "reservation_ids": external},
        "data": data_size(),
    }


def clean_up():
    """Remove what the webhook scenarios stored (events, deliveries, their queued tasks and sync runs)."""
    from django_tasks_db.models import DBTaskResult

    from payments.models import StripeEvent
    from reservations.guesty.models import SyncRun, WebhookDelivery

    events = StripeEvent.objects.filter(event_id__startswith="evt_bench_")
    event_pks = set(events.values_list("pk", flat=True))
    removed = {"stripe events": events.delete()[0]}
    removed["guesty deliveries"] = WebhookDelivery.objects.filter(message_id__startswith="msg_bench_").delete()[0]
    runs = SyncRun.objects.filter(
        trigger="Guesty webhook", status="queued", organization__memberships__user__email=OWNER
    )
    run_pks = set(runs.values_list("pk", flat=True))
    removed["sync runs"] = runs.delete()[0]
    tasks = DBTaskResult.objects.filter(status="READY").only("pk", "args_kwargs")
    stale = [t.pk for t in tasks.filter(task_path__endswith="apply_stripe_event") if _first_arg(t) in event_pks]
    stale += [t.pk for t in tasks.filter(task_path__endswith="run_sync") if _first_arg(t) in run_pks]
    removed["queued tasks"] = DBTaskResult.objects.filter(pk__in=stale).delete()[0]
    return removed


def _first_arg(task):
    args = (task.args_kwargs or {}).get("args") or [None]
    return args[0]
