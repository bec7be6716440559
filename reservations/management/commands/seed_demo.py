"""Seed a demo host account, "Seaside Stays": team, properties, brand and ~30 reservations around today.

Idempotent: re-running updates rows in place (dates follow today) instead of adding new ones.
"""

import random
import unicodedata
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.permissions import Role
from accounts.services import create_organization
from properties.models import Brand, Font, Property
from properties.services import create_property, save_brand
from reservations.checkin.services.forms import ensure_default_form
from reservations.management.commands import _demo_checkins as demo_checkins
from reservations.management.commands import _demo_guesty as demo_guesty
from reservations.management.commands import _demo_guides as demo_guides
from reservations.models import Channel, CheckinStatus, Guest, Reservation, ReservationStatus
from reservations.services import create_reservation

PASSWORD = "demo-pass-2026"
SITE = "http://127.0.0.1:8000"
LOGIN_URL, ADMIN_URL = f"{SITE}/accounts/login/", f"{SITE}/admin/"
# (role, email, full name); role None is platform staff.
USERS = [
    (Role.OWNER, "owner@demo.gorently.test", "Marta Ruiz"),
    (Role.MANAGER, "manager@demo.gorently.test", "Tom Becker"),
    (Role.CONCIERGE, "concierge@demo.gorently.test", "Inês Costa"),
    (None, "admin@demo.gorently.test", "Platform Admin"),
]
PROPERTY_FIELDS = ["name", "address", "city", "country", "timezone", "check_in_time", "check_out_time", "max_guests"]
PROPERTIES = [
    ("Villa Mar", "Carrer de la Reina 112", "Valencia", "ES", "Europe/Madrid", time(16), time(11), 8),
    ("Old Town Loft", "Rua dos Remédios 45, 2º", "Lisbon", "PT", "Europe/Lisbon", time(15), time(11), 3),
    ("Alpine Chalet", "218 Route des Pècles", "Chamonix", "FR", "Europe/Paris", time(17), time(10), 10),
]
MANAGED = {Role.MANAGER: ["Villa Mar", "Old Town Loft"], Role.CONCIERGE: ["Villa Mar"]}
# Per property (same order as PROPERTIES): stays as (check-in offset from today, nights).
STAYS = [
    [(-38, 5), (-29, 6), (-20, 4), (-13, 5), (-6, 4), (-2, 5), (3, 4), (8, 7), (16, 5), (23, 6), (31, 4)],
    [(-35, 3), (-27, 4), (-19, 3), (-11, 5), (-5, 3), (0, 3), (4, 2), (7, 4), (13, 3), (19, 5), (27, 3)],
    [(-33, 7), (-21, 7), (-10, 7), (-3, 4), (1, 7), (9, 5), (15, 7), (24, 6), (32, 5)],
]
CANCELED = {(1, -19), (0, 16)}
GUESTS = [  # first, last, language, phone (E.164)
    ("Lucía", "Fernández", "es", "+34612345678"), ("Oliver", "Hughes", "en", "+447911123456"),
    ("Jonas", "Becker", "de", "+4915123456789"), ("Camille", "Laurent", "fr", "+33612345678"),
    ("Giulia", "Romano", "it", "+393123456789"), ("João", "Silva", "pt", "+351912345678"),
    ("Emily", "Carter", "en", "+12025550143"), ("Pablo", "Martínez", "es", "+34655210934"),
    ("Sophie", "Müller", "de", "+4917612345678"), ("Hugo", "Moreau", "fr", "+33745678901"),
    ("Marco", "Bianchi", "it", "+393471234567"), ("Beatriz", "Almeida", "pt", "+351963214587"),
    ("Liam", "O'Brien", "en", "+353851234567"), ("Sanne", "de Vries", "en", "+31612345678"),
    ("Lena", "Schneider", "de", "+4915112345678"), ("Chloé", "Dubois", "fr", "+32470123456"),
    ("Alessandro", "Ricci", "it", "+41791234567"), ("Mariana", "Costa", "pt", "+5511987654321"),
    ("Charlotte", "Evans", "en", "+447700123456"), ("Javier", "López", "es", "+34611987654"),
    ("Felix", "Wagner", "de", "+436641234567"), ("Léa", "Girard", "fr", "+33698765432"),
    ("Chiara", "Conti", "it", "+393389876543"), ("Tiago", "Pereira", "pt", "+351936547812"),
    ("Noah", "Williams", "en", "+61412345678"), ("Elena", "Navarro", "es", "+34622334455"),
    ("Astrid", "Lindqvist", "en", "+46701234567"), ("Mathilde", "Roux", "fr", "+33761223344"),
    ("Hannah", "Fischer", "de", "+4915223344556"), ("Sofia", "Marino", "it", "+393401122334"),
    ("Ana", "Rodrigues", "pt", "+351917788990"),
]  # fmt: skip
COMPANIONS = {"en": ["Grace", "Jack"], "es": ["Carmen", "Diego"], "fr": ["Inès", "Louis"],
              "de": ["Mia", "Paul"], "it": ["Francesca", "Luca"], "pt": ["Rita", "Miguel"]}  # fmt: skip
CHANNELS = [Channel.AIRBNB, Channel.BOOKING, Channel.VRBO, Channel.DIRECT]


def _email(first, last, n):
    """An ASCII address at a reserved example domain: "Liam O'Brien" → liam.obrien@example.…"""
    local = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower()
    local = "".join(c for c in local if c.isalnum() or c == ".")
    return f"{local}@example.{('com', 'net', 'org')[n % 3]}"


def _upsert(model, lookup, fields, create):
    """First time through the service (so the activity log records it); afterwards update in place."""
    if model.objects.filter(**lookup).exists():
        return model.objects.update_or_create(**lookup, defaults=fields)[0]
    return create(**fields)


class Command(BaseCommand):
    help = "Create (or refresh) the Seaside Stays demo host account with sample reservations."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = self.seed(timezone.localdate(), random.Random(2026))
            portal = self.portal_demo()
            guesty = demo_guesty.connect_to_local_fake(Organization.objects.get(slug="seaside-stays"))
        done = f"Demo host account “Seaside Stays” ready: {len(PROPERTIES)} properties, {count} reservations."
        self.stdout.write(self.style.SUCCESS(done))
        rows = [("Role", "Email", "Password"), ("-" * 9, "-" * 28, "-" * 14)]
        rows += [(role or "staff", email, PASSWORD) for role, email, _ in USERS]
        self.stdout.write("\n".join(f"  {r:<9}  {e:<28}  {p}" for r, e, p in rows))
        self.stdout.write(f"\n  Sign in: {LOGIN_URL}\n  Admin:   {ADMIN_URL}")
        self.stdout.write(
            f"  Guest portal of {portal.guest_name} ({portal.property.name}, {portal.check_in:%d %b}): "
            f"{SITE}{reverse('portal:home', args=[portal.portal_token])}"
        )
        if guesty:
            self.stdout.write(
                f"  Guesty: connected to the local fake Guesty ({settings.GUESTY_API_URL}, client id {guesty}); "
                f"import its listings at {SITE}{reverse('guesty:listings')}"
            )

    def portal_demo(self):
        """An upcoming stay whose guest has not checked in yet: the link to try the portal with."""
        return (
            Reservation.objects.filter(
                organization__slug="seaside-stays",
                status=ReservationStatus.CONFIRMED,
                checkin_status=CheckinStatus.NOT_STARTED,
                check_in__gt=timezone.localdate(),
                checkin__isnull=True,
            )
            .select_related("property")
            .order_by("check_in")
            .first()
        )

    def seed(self, today, rng):
        users = {}
        for role, email, full_name in USERS:
            staff = role is None
            user, _ = User.objects.update_or_create(
                email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
            )
            if not user.check_password(PASSWORD):
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            users[role] = user

        org = Organization.objects.filter(slug="seaside-stays").first()
        if org is None:
            org = create_organization(name="Seaside Stays", owner=users[Role.OWNER]).organization
        ensure_default_form(org)
        owner, _ = Membership.objects.update_or_create(
            user=users[Role.OWNER], organization=org, defaults={"role": Role.OWNER}
        )

        def create(**fields):
            return create_property(actor=owner, **fields)

        props = [
            _upsert(Property, {"organization": org, "name": p[0]}, dict(zip(PROPERTY_FIELDS, p, strict=True)), create)
            for p in PROPERTIES
        ]
        colours = {"primary_color": "#0f5e75", "accent_color": "#f2a65a", "font": Font.HUMANIST}
        _upsert(Brand, {"organization": org, "property": None}, colours, lambda **f: save_brand(actor=owner, **f))
        for role, names in MANAGED.items():
            member, _ = Membership.objects.update_or_create(user=users[role], organization=org, defaults={"role": role})
            member.properties.set([p for p in props if p.name in names])

        demo_guides.fill(owner, props)
        stays = sorted((offset, i, nights) for i, plan in enumerate(STAYS) for offset, nights in plan)
        for n, (offset, i, nights) in enumerate(stays):
            self.reservation(org, owner, props[i], n, today, offset, nights, (i, offset) in CANCELED, rng)
        return len(stays)

    def reservation(self, org, owner, prop, n, today, offset, nights, canceled, rng):
        first, last, language, phone = GUESTS[n % len(GUESTS)]
        channel = rng.choices(CHANNELS, weights=[5, 4, 2, 2])[0]
        party, roll, hour = rng.randint(1, prop.max_guests), rng.random(), rng.randint(9, 21)
        check_in = today + timedelta(days=offset)
        if canceled or offset > 7 or (offset > 0 and roll < 0.4):
            checkin = CheckinStatus.NOT_STARTED
        elif offset == 0 or (offset > 0 and roll < 0.7):
            checkin = CheckinStatus.IN_PROGRESS
        else:
            checkin = CheckinStatus.COMPLETED
        completed_at = None
        if checkin == CheckinStatus.COMPLETED:
            done_on = min(check_in - timedelta(days=hour % 3), today - timedelta(days=1))
            completed_at = datetime.combine(done_on, time(hour, 15 * (n % 4)), tzinfo=prop.tz)
        fields = {
            "property": prop,
            "channel": channel,
            "status": ReservationStatus.CANCELED if canceled else ReservationStatus.CONFIRMED,
            "check_in": check_in,
            "check_out": check_in + timedelta(days=nights),
            "guests_count": party,
            "guest_name": f"{first} {last}",
            "guest_email": _email(first, last, n),
            "guest_phone": phone,
            "guest_language": language,
            "checkin_status": checkin,
            "checkin_completed_at": completed_at,
        }
        code = f"DEMO-{n + 1:04d}"
        reservation = _upsert(
            Reservation,
            {"organization": org, "confirmation_code": code},
            fields,
            lambda **f: create_reservation(actor=owner, confirmation_code=code, **f),
        )
        main = {"organization": org, "first_name": first, "last_name": last, "email": fields["guest_email"]}
        Guest.objects.update_or_create(reservation=reservation, is_main=True, defaults={**main, "phone": phone})
        if checkin != CheckinStatus.NOT_STARTED and not canceled:
            demo_checkins.fill(
                reservation,
                companions=COMPANIONS[language],
                complete=checkin == CheckinStatus.COMPLETED,
                completed_at=completed_at,
                rng=random.Random(n),  # its own: the stays after it must not depend on whether it ran
            )
        for companion in COMPANIONS[language][: min(party - 1, 2)] if n % 4 == 1 else []:
            Guest.objects.get_or_create(
                reservation=reservation,
                is_main=False,
                first_name=companion,
                last_name=last,
                defaults={"organization": org},
            )
