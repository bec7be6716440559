import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, Membership, Organization
from accounts.permissions import Rule, require
from gorently.access import get_or_404
from gorently.compiled import CompiledLookup
from properties.models import GUIDE_SECRET_PLACEHOLDERS, Brand, GuideSection, Property
from properties.selectors import Stay, keep_joined_brand, properties_of, with_branding
from reservations.checkin.models import CheckinSubmission, FormVersion
from reservations.models import CheckinStatus, Reservation, ReservationStatus

TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
SORTS = {
    "arrival": ("check_in", "id"),
    "-arrival": ("-check_in", "-id"),
    "departure": ("check_out", "id"),
    "-departure": ("-check_out", "-id"),
    "guest": ("guest_name", "id"),
    "-guest": ("-guest_name", "-id"),
    "code": ("confirmation_code",),
    "-code": ("-confirmation_code",),
    "property": ("property__name", "check_in"),
    "-property": ("-property__name", "-check_in"),
}
DEFAULT_SORT = "-arrival"
LIST_COLUMNS = [
    "id",
    "confirmation_code",
    "channel",
    "status",
    "check_in",
    "check_out",
    "guests_count",
    "party_checked_in",
    "guest_name",
    "guest_email",
    "checkin_status",
    "property__id",
    "property__name",
    "property__timezone",
]
LIST_ROW_COLUMNS = [column for column in LIST_COLUMNS if not column.startswith("property__")] + ["property_id"]


def reservations_of(actor):
    """Reservations of the properties the member may see (archived properties included)."""
    rows = Reservation.objects.filter(organization=actor.organization)
    if not actor.sees_all_properties:
        rows = rows.filter(property__in=properties_of(actor, include_archived=True))
    return rows


def search_reservations(
    actor,
    *,
    q="",
    property=None,
    status="",
    checkin_status="",
    arrival_from=None,
    arrival_to=None,
    sort=DEFAULT_SORT,
):
    """The reservations list, filtered and sorted: the reservations alone, without their properties.

    Joining the properties made PostgreSQL misjudge a search's matches and rescan every property
    for each one; the list names its rows' properties from those its filter offers.
    """
    rows = reservations_of(actor)
    if q:
        # Upper-cased by the database, as search_text was: the same rules for both sides, whatever the letters.
        rows = rows.filter(search_text__contains=Upper(Value(q)))
    if property:
        rows = rows.filter(property=property)
    if status:
        rows = rows.filter(status=status)
    if checkin_status:
        rows = rows.filter(checkin_status=checkin_status)
    if arrival_from:
        rows = rows.filter(check_in__gte=arrival_from)
    if arrival_to:
        rows = rows.filter(check_in__lte=arrival_to)
    return rows.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def list_page_rows(actor, **filters):
    """`search_reservations` with only the columns the list shows (the page names the properties)."""
    return search_reservations(actor, **filters).only(*LIST_ROW_COLUMNS)


# --- Exports ------------------------------------------------------------------------------------

EXPORT_COLUMNS = [*LIST_COLUMNS, "guest_phone", "checkin_completed_at"]


def export_reservations(actor, **filters):
    """The reservations list as filtered and sorted on the page, with the columns its export holds."""
    return search_reservations(actor, **filters).select_related("property").only(*EXPORT_COLUMNS)


def _arrivals(actor, *, arrival_from, arrival_to, property=None):
    """Stays the actor sees arriving between two dates (both included); canceled ones never came."""
    rows = (
        reservations_of(actor)
        .exclude(status=ReservationStatus.CANCELED)
        .filter(check_in__gte=arrival_from, check_in__lte=arrival_to)
    )
    return rows.filter(property=property) if property is not None else rows


def register_stays(actor, **arrivals):
    """The guest register's stays (`_arrivals`), each with its check-in's state, in arrival order."""
    return (
        _arrivals(actor, **arrivals)
        .select_related("property")
        .only(*LIST_COLUMNS)
        .annotate(sent_at=F("checkin__submitted_at"), party_size=F("checkin__party_size"))
        .order_by("check_in", "property__name", "id")
    )


def register_totals(actor, **arrivals):
    """{"stays", "sent", "guests"}: the stays arriving in the range, those whose check-in was sent, their guests."""
    sent = Q(checkin__submitted_at__isnull=False)
    return _arrivals(actor, **arrivals).aggregate(
        stays=Count("pk"), sent=Count("pk", filter=sent), guests=Sum("checkin__party_size", filter=sent, default=0)
    )


def guest_register(actor, **arrivals):
    """The sent check-ins of the stays arriving in the range: every guest's identity data.

    Only the roles of Rule.EXPORT_GUEST_REGISTER read it. Check-ins purged after their stay
    come without the purged answers (the purge removed them from the answers).
    """
    require(actor, Rule.EXPORT_GUEST_REGISTER)
    return (
        CheckinSubmission.objects.filter(
            organization=actor.organization,
            reservation__in=_arrivals(actor, **arrivals).values("pk"),
            submitted_at__isnull=False,
        )
        .select_related("reservation__property")
        .order_by("reservation__check_in", "reservation__property__name", "reservation_id")
    )


def form_versions_of(submissions):
    """The frozen form versions the submissions answered, newest first."""
    return FormVersion.objects.filter(pk__in=submissions.values("form_version_id")).order_by("-created_at", "-pk")


def get_reservation_for(actor, pk):
    """One reservation the actor sees; 404 for any other id."""
    return get_or_404(reservations_of(actor).select_related("property"), pk=pk)


def _by_token(*, checkin, saving):
    """reservation_for_token's query, compiled once per connection: building and compiling its joins took
    2.4 ms, answering it 0.5 ms (gorently.compiled)."""

    def build(token):
        rows = Reservation.objects.select_related("property__organization", "checkin")
        rows = rows if saving else with_branding(rows, "property")
        rows = rows.defer(*(f"property__{secret}" for secret in GUIDE_SECRET_PLACEHOLDERS))
        rows = rows.select_related("checkin__form_version") if checkin else rows
        rows = rows if checkin and not saving else rows.defer("checkin__answers")
        return rows.exclude(status=ReservationStatus.CANCELED).filter(
            portal_token=token, portal_revoked_at__isnull=True
        )

    return CompiledLookup(build)


_BY_TOKEN = {
    (checkin, saving): _by_token(checkin=checkin, saving=saving)
    for checkin in (False, True)
    for saving in (False, True)
}


def reservation_for_token(token, *, checkin=False, saving=False):
    """The reservation whose portal this token opens; None when wrong, revoked, canceled or expired.

    One query reads what a portal page needs: the property, the host account, the brands (for
    properties.selectors.branding_of) and the check-in. `checkin`: with the check-in's form version and
    its answers; `saving`: a request that saves and moves on, so no brands and no answers (a page drawn
    after all reads them then). Encrypted values are left unread until a page reads them: the property's
    secrets, and the check-in's answers unless asked for.
    """
    # Tokens are secrets.token_urlsafe(); anything else (a NUL byte would make PostgreSQL fail) opens nothing.
    if not token or len(token) > 64 or not TOKEN_CHARACTERS.fullmatch(token):
        return None
    reservation = _BY_TOKEN[checkin, saving].get_or_none(token)
    if reservation is None:
        return None
    if portal_expired(reservation):
        return None
    if not saving:
        keep_joined_brand(reservation, reservation.property)
    # The stay's host account is its property's (Reservation.clean): one join less to plan, one instance.
    if reservation.organization_id == reservation.property.organization_id:
        reservation.organization = reservation.property.organization
    return reservation


def stay_of(reservation):
    """The reservation as its guide reads it (properties.selectors.Stay)."""
    return Stay(
        guest_name=reservation.guest_name,
        check_in=reservation.check_in,
        check_out=reservation.check_out,
        checked_in=reservation.checkin_status == CheckinStatus.COMPLETED,
    )


def portal_expires_on(reservation):
    return reservation.check_out + timedelta(days=settings.PORTAL_LINK_DAYS_AFTER_CHECKOUT)


def portal_expired(reservation):
    return timezone.localdate(timezone=reservation.property.tz) > portal_expires_on(reservation)


def upcoming_reservations_of_property(actor, property):
    today = timezone.localdate(timezone=property.tz)
    return (
        reservations_of(actor)
        .filter(property=property, check_out__gte=today)
        .exclude(status=ReservationStatus.CANCELED)
        .order_by("check_in")
    )


def today_board(actor):
    """What needs the team today, in each property's own time zone: arrivals and departures
    today and tomorrow, stays in house, and check-ins to chase for the coming week (not
    completed, or completed for another number of guests than booked)."""
    utc_today = timezone.now().date()
    # Local dates are at most a day either side of UTC's; fetch that wider window, then bucket.
    rows = (
        reservations_of(actor)
        .exclude(status=ReservationStatus.CANCELED)
        .filter(check_in__lte=utc_today + timedelta(days=8), check_out__gte=utc_today - timedelta(days=1))
        .select_related("property")
        .only(*LIST_COLUMNS)
        .order_by("check_in", "property__name")
    )
    board = {
        "arrivals_today": [],
        "arrivals_tomorrow": [],
        "departures_today": [],
        "departures_tomorrow": [],
        "checkins_pending": [],
        "in_house": 0,
    }
    for reservation in rows:
        today = timezone.localdate(timezone=reservation.property.tz)
        tomorrow = today + timedelta(days=1)
        for kind, date in (("arrivals", reservation.check_in), ("departures", reservation.check_out)):
            if date == today:
                board[f"{kind}_today"].append(reservation)
            elif date == tomorrow:
                board[f"{kind}_tomorrow"].append(reservation)
        if reservation.check_in <= today < reservation.check_out:
            board["in_house"] += 1
        # To chase: a check-in not done, or done for another number of guests than booked.
        pending = reservation.checkin_status != CheckinStatus.COMPLETED or reservation.party_differs()
        if pending and today <= reservation.check_in <= today + timedelta(days=7):
            board["checkins_pending"].append(reservation)
    return board


# --- The owner's getting-started list on the dashboard -------------------------------------


@dataclass(frozen=True)
class SetupStep:
    title: str
    hint: str
    url: str
    done: bool


def _in_account(model, **lookups):
    return Exists(model.objects.filter(organization=OuterRef("pk"), **lookups))


# Asked on every owner's dashboard: compiled once per connection (gorently.compiled), 3.9 ms to 0.6 (six EXISTS
# subqueries took that long to build and compile).
_ACCOUNT_HOLDS = CompiledLookup(
    lambda organization_id, membership_id: (
        Organization.objects.filter(pk=organization_id)
        .annotate(
            property=_in_account(Property, archived_at__isnull=True),
            brand=_in_account(Brand, property__isnull=True),
            guide=_in_account(GuideSection),
            reservation=_in_account(Reservation),
            colleague=Exists(Membership.objects.filter(organization=OuterRef("pk")).exclude(pk=membership_id)),
            invitation=_in_account(Invitation),
        )
        .only("pk")
    )
)


def setup_steps(actor):
    """The owner's "getting started" list, in order; nothing for other roles or once every step is done.

    A step is done when the account holds what it asks for, so the list keeps no state of its own.
    """
    if not actor.can(Rule.MANAGE_ACCOUNT):
        return []
    account = _ACCOUNT_HOLDS.get_or_none(actor.organization_id, actor.pk)
    steps = [
        SetupStep(
            _("Add your first property"),
            _("Its address, check-in times and how many guests it sleeps."),
            reverse("properties:create"),
            account.property,
        ),
        SetupStep(
            _("Brand the guest pages"),
            _("Your colours, logo and font on every guest’s phone."),
            reverse("properties:account_branding"),
            account.brand,
        ),
        SetupStep(
            _("Write the house guide"),
            _("Wi-Fi, door code, house rules: answered before guests ask."),
            reverse("properties:shared_guide"),
            account.guide,
        ),
        SetupStep(
            _("Add a reservation"),
            _("Each one gets a private link where the guests check in online."),
            reverse("reservations:create"),
            account.reservation,
        ),
        SetupStep(
            _("Invite your team"),
            _("Property managers and concierges, each with their properties."),
            reverse("accounts:team"),
            account.colleague or account.invitation,
        ),
    ]
    return [] if all(step.done for step in steps) else steps
