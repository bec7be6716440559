"""Every host page, for every member of the cast: who gets in, who is refused, who is told it doesn't exist.

The URL conf is walked, so a new page fails here until it declares who may see it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.api_keys import create_api_key
from accounts.models import ApiKeyScope
from notifications.models import Direction, Message
from payments.models import Order, OrderStatus, Upsell
from reservations.guesty.models import GuestyListing, IssueKind, SyncIssue
from tests.factories import GuestDocumentFactory, GuidePlaceFactory

# Minimum role per page (GET). Object pages are reached with one of the cast's
# objects; the outsider then gets 404 and a member without the role 403.
HOST_PAGES = {
    "dashboard": "concierge",
    "reservations:list": "concierge",
    # The list as a download (CSV or Excel): every member, of the stays they see.
    "reservations:export": "concierge",
    # Every guest's identity data for a range of arrivals: Rule.EXPORT_GUEST_REGISTER.
    "reservations:guest_register": "manager",
    "reservations:guest_register_export": "manager",
    "reservations:create": "manager",
    "reservations:detail": "concierge",
    "reservations:edit": "manager",
    "checkin:document": "concierge",
    "checkin:print": "concierge",
    "properties:list": "concierge",
    "properties:create": "owner",
    "properties:detail": "concierge",
    "properties:edit": "manager",
    "properties:branding": "manager",
    "properties:account_branding": "owner",
    "reservations:property_stays": "concierge",
    "checkin:forms": "manager",
    # Form pages open the account's default form: the owners' (managers edit forms only their properties use).
    "checkin:form_builder": "owner",
    "checkin:form_preview": "owner",
    "checkin:field_edit": "owner",
    "properties:guide": "manager",
    "properties:guide_preview": "manager",
    "properties:guide_section_edit": "manager",
    "properties:guide_place_edit": "manager",
    "properties:shared_guide": "owner",
    "properties:shared_guide_preview": "owner",
    "accounts:team": "owner",
    "accounts:member_edit": "owner",
    "accounts:activity": "owner",
    "accounts:activity_export": "owner",
    "accounts:settings": "owner",
    # Keys to the REST API: owners only (Rule.MANAGE_INTEGRATIONS), tests/accounts/views/test_api_keys.py.
    "accounts:api_keys": "owner",
    # One's own name and time zone: every member.
    "accounts:profile": "concierge",
    # The Guesty integration: owners only (Rule.MANAGE_INTEGRATIONS), tests/reservations/guesty/views/.
    "guesty:integration": "owner",
    "guesty:progress": "owner",
    "guesty:listings": "owner",
    "guesty:fields": "owner",
    "guesty:issues": "owner",
    # Payments (tests/payments/views/): Stripe, the extras and deposits are the owners' (Rule.MANAGE_PAYMENTS);
    # Stripe sends the owner back to connect_return / connect_refresh after onboarding.
    "payments:settings": "owner",
    "payments:connect_return": "owner",
    "payments:connect_refresh": "owner",
    "payments:upsells": "owner",
    "payments:upsell_new": "owner",
    "payments:upsell_edit": "owner",
    "payments:deposits": "owner",
    "payments:deposit_edit": "owner",
    # A reservation's orders: everyone who sees the stay (Rule.VIEW); acting on them is Rule.HANDLE_ORDERS.
    "payments:reservation_orders": "concierge",
    # Revenue of one's properties (Rule.VIEW_REVENUE).
    "payments:revenue": "manager",
    "payments:revenue_export": "manager",
    # Messaging (tests/notifications/views/): every member reads and answers the conversations of the stays
    # they see (Rule.VIEW); the account's messaging settings and wording are the owners' (Rule.MANAGE_ACCOUNT).
    "notifications:inbox": "concierge",
    "notifications:conversation": "concierge",
    "notifications:preview": "concierge",
    "notifications:settings": "owner",
    "notifications:template": "owner",
    # Filing a message no stay matched: the owners', who alone see the unassigned list.
    "notifications:file_unassigned": "owner",
}
# POST-only actions: a GET is refused (405) once the caller is allowed in.
POST_ONLY = {
    "checkin:reopen": "manager",
    "checkin:purge": "manager",
    "reservations:portal_link_regenerate": "manager",
    "reservations:portal_link_revoke": "manager",
    "properties:archive": "owner",
    "properties:branding_reset": "manager",
    "properties:branding_preview": "manager",
    "checkin:form_create": "manager",
    # Managers pass the role check of these; on the default form their POST is then refused
    # (tests/reservations/checkin/views/test_form_builder.py).
    "checkin:form_rename": "manager",
    "checkin:form_duplicate": "manager",
    "checkin:form_make_default": "owner",
    "checkin:field_add": "manager",
    "checkin:field_add_standard": "manager",
    "checkin:field_move": "manager",
    "checkin:field_remove": "manager",
    "properties:guide_section_add": "manager",
    "properties:guide_section_move": "manager",
    "properties:guide_section_remove": "manager",
    "properties:guide_place_add": "manager",
    "properties:guide_place_remove": "manager",
    "properties:shared_section_add": "owner",
    "accounts:member_remove": "owner",
    "accounts:invitation_resend": "owner",
    "accounts:invitation_revoke": "owner",
    "accounts:api_key_revoke": "owner",
    "guesty:connect": "owner",
    "guesty:test": "owner",
    "guesty:sync": "owner",
    "guesty:settings": "owner",
    "guesty:disconnect": "owner",
    "guesty:import_listings": "owner",
    "guesty:link_listing": "owner",
    "guesty:leave_out": "owner",
    "guesty:map_field": "owner",
    "guesty:retry_issue": "owner",
    "guesty:retry_all": "owner",
    "payments:connect": "owner",
    "payments:save_settings": "owner",
    "payments:upsell_delete": "owner",
    "payments:upsell_move": "owner",
    "payments:deposit_remove": "owner",
    "payments:approve": "manager",
    "payments:decline": "manager",
    "payments:refund": "manager",
    "payments:claim_deposit": "manager",
    "payments:release_deposit": "manager",
    # A reply to a guest, and the dashboard's check-in reminders: every member, for the stays they see.
    "notifications:send": "concierge",
    "notifications:remind": "concierge",
}
# Pages outside the host dashboard, with their own tests.
NOT_HOST_PAGES = {
    "healthz",
    "accounts:signup",
    # Public sign-up pages: "Check your inbox" and the emailed confirmation link (tests/accounts/views/test_signup.py).
    "accounts:signup_sent",
    "accounts:signup_confirm",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:no_account",
    "accounts:switch",
    "accounts:accept_invitation",
    # The guest portal: reached with a reservation's secret link, no sign-in (tests/portal/).
    "portal:home",
    "portal:start",
    "portal:done",
    "portal:step",
    "portal:guide",
    "portal:calendar",
    # The guest's own uploads during check-in, behind the same secret link (tests/portal/).
    "portal:upload",
    "portal:document",
    "portal:remove_document",
    # Extras the guest buys and pays on Stripe Checkout, behind the same secret link (tests/portal/test_extras.py).
    "portal:extras",
    "portal:checkout",
    "portal:deposit",
    "portal:extras_return",
    # The public guide and its QR sheet: reached with a property's guide token (tests/properties/views/).
    "guide:public",
    "guide:print",
    "set_language",
    # Providers' webhooks: signed by Guesty, Stripe and Twilio, no sign-in (their webhooks modules and tests).
    "guesty_webhook",
    "stripe_webhook",
    "twilio_status",
    "twilio_inbound",
    # The API's schema and docs are public; the API itself has its own matrix (tests/api/test_access.py).
    "api_schema",
    "api_docs",
}
RANK = {"concierge": 1, "manager": 2, "owner": 3}
ROLES = ["concierge", "manager", "owner"]


def _names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_every_page_declares_who_may_use_it():
    pages = {name for name in _names() if not name.startswith("api:")}
    undeclared = pages - set(HOST_PAGES) - set(POST_ONLY) - NOT_HOST_PAGES
    assert not undeclared, f"Add these pages to the access matrix: {sorted(undeclared)}"


FORM_PAGES = [
    "checkin:form_builder",
    "checkin:form_preview",
    "checkin:form_rename",
    "checkin:form_duplicate",
    "checkin:form_make_default",
    "checkin:field_add",
    "checkin:field_add_standard",
]
FIELD_PAGES = ["checkin:field_edit", "checkin:field_move", "checkin:field_remove"]
GUIDE_PAGES = ["properties:guide", "properties:guide_preview", "properties:guide_section_add"]
SECTION_PAGES = [
    "properties:guide_section_edit",
    "properties:guide_section_move",
    "properties:guide_section_remove",
    "properties:guide_place_add",
]
PLACE_PAGES = ["properties:guide_place_edit", "properties:guide_place_remove"]
UPSELL_PAGES = ["payments:upsell_edit", "payments:upsell_delete", "payments:upsell_move"]
ORDER_PAGES = [
    "payments:approve",
    "payments:decline",
    "payments:refund",
    "payments:claim_deposit",
    "payments:release_deposit",
]


def _order(cast):
    """A paid order of extras of the villa's stay (nothing here reaches Stripe: payments are off in tests)."""
    order, _ = Order.objects.get_or_create(
        reservation=cast.villa_reservation,
        cart_key="access",
        defaults={
            "organization": cast.organization,
            "status": OrderStatus.PAID,
            "currency": "eur",
            "amount": 2500,
            "commission": 250,
            "captured": 2500,
        },
    )
    return order


def _url(name, cast):
    """The page's URL, pointing at one of the cast's objects."""
    reservation, property, member = cast.villa_reservation, cast.villa, cast.concierge
    if name == "checkin:document":
        # A guest's identity document, uploaded with the reservation's check-in (private storage).
        document = GuestDocumentFactory(submission__reservation=reservation)
        return reverse(name, kwargs={"pk": reservation.pk, "document_id": document.pk})
    if name in FORM_PAGES or name in FIELD_PAGES:
        form = cast.form
        kwargs = {"pk": form.pk} if name in FORM_PAGES else {"pk": form.pk, "field_pk": form.fields.first().pk}
        return reverse(name, kwargs=kwargs)
    if name in SECTION_PAGES or name in PLACE_PAGES:
        # A local recommendations section of the property's guide, with one place.
        place = GuidePlaceFactory(section__property=property)
        kwargs = {"pk": place.section_id} if name in SECTION_PAGES else {"pk": place.section_id, "place_pk": place.pk}
        return reverse(name, kwargs=kwargs)
    if name in GUIDE_PAGES:
        return reverse(name, kwargs={"pk": property.pk})
    if name in ("guesty:link_listing", "guesty:leave_out"):
        # A listing mirrored from the account's Guesty.
        listing, _ = GuestyListing.objects.get_or_create(
            organization=cast.organization,
            listing_id="L-ACCESS",
            defaults={"title": "Beach Flat", "seen_at": timezone.now()},
        )
        return reverse(name, kwargs={"pk": listing.pk})
    if name == "guesty:retry_issue":
        issue, _ = SyncIssue.objects.get_or_create(
            organization=cast.organization,
            kind=IssueKind.INVALID_RESERVATION,
            guesty_reservation_id="R-ACCESS",
            defaults={"message": "No dates."},
        )
        return reverse(name, kwargs={"pk": issue.pk})
    if name in UPSELL_PAGES:
        upsell, _ = Upsell.objects.get_or_create(
            organization=cast.organization, position=0, defaults={"name": {"en": "Late check-out"}, "price": 3000}
        )
        return reverse(name, kwargs={"pk": upsell.pk})
    if name in ORDER_PAGES:
        return reverse(name, kwargs={"pk": _order(cast).pk})
    if name == "accounts:api_key_revoke":
        # A read-only key of the account, made by its owner.
        key, _ = create_api_key(actor=cast.owner, name="Access check", scope=ApiKeyScope.READ)
        return reverse(name, kwargs={"pk": key.pk})
    if name == "notifications:file_unassigned":
        # A guest's message to the account's own number that matched no stay.
        message = Message.objects.create(
            organization=cast.organization, direction=Direction.INBOUND, channel="sms", sender="+34600000999", body="Hi"
        )
        return reverse(name, kwargs={"pk": message.pk})
    kwargs_by_name = {
        "reservations:detail": {"pk": reservation.pk},
        "reservations:edit": {"pk": reservation.pk},
        "checkin:print": {"pk": reservation.pk},
        "checkin:reopen": {"pk": reservation.pk},
        "checkin:purge": {"pk": reservation.pk},
        "reservations:portal_link_regenerate": {"pk": reservation.pk},
        "reservations:portal_link_revoke": {"pk": reservation.pk},
        "reservations:property_stays": {"pk": property.pk},
        "properties:detail": {"pk": property.pk},
        "properties:edit": {"pk": property.pk},
        "properties:branding": {"pk": property.pk},
        "properties:archive": {"pk": property.pk},
        "properties:branding_reset": {"pk": property.pk},
        "accounts:member_edit": {"member_id": member.pk},
        "accounts:member_remove": {"member_id": member.pk},
        "accounts:invitation_resend": {"invitation_id": 999999},
        "accounts:invitation_revoke": {"invitation_id": 999999},
        "reservations:export": {"file_format": "csv"},
        "reservations:guest_register_export": {"file_format": "xlsx"},
        "payments:deposit_edit": {"pk": property.pk},
        "payments:deposit_remove": {"pk": property.pk},
        "payments:reservation_orders": {"pk": reservation.pk},
        "notifications:conversation": {"pk": reservation.pk},
        "notifications:send": {"pk": reservation.pk},
        "notifications:preview": {"pk": reservation.pk},
        "notifications:template": {"event": "checkin_reminder", "language": "en"},
    }
    return reverse(name, kwargs=kwargs_by_name.get(name))


@pytest.mark.parametrize("name", sorted(HOST_PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client, cast, name):
    response = client.get(_url(name, cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(HOST_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_members_get_in_with_the_role_or_are_refused(client_for, cast, name, role):
    response = client_for(cast.member(role)).get(_url(name, cast))
    expected = 200 if RANK[role] >= RANK[HOST_PAGES[name]] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("name", sorted(POST_ONLY))
@pytest.mark.parametrize("role", ROLES)
def test_actions_refuse_a_low_role_and_accept_only_post(client_for, cast, name, role):
    response = client_for(cast.member(role)).get(_url(name, cast))
    expected = 405 if RANK[role] >= RANK[POST_ONLY[name]] else 403
    assert response.status_code == expected


OBJECT_PAGES = [
    "reservations:detail",
    "reservations:edit",
    "checkin:document",
    "checkin:print",
    "checkin:reopen",
    "checkin:purge",
    "reservations:portal_link_regenerate",
    "reservations:portal_link_revoke",
    "reservations:property_stays",
    "properties:detail",
    "properties:edit",
    "properties:branding",
    "properties:archive",
    "properties:branding_reset",
    "accounts:member_edit",
    "accounts:member_remove",
    "accounts:api_key_revoke",
    *FORM_PAGES,
    *FIELD_PAGES,
    *GUIDE_PAGES,
    *SECTION_PAGES,
    *PLACE_PAGES,
    "guesty:link_listing",
    "guesty:leave_out",
    "guesty:retry_issue",
    *UPSELL_PAGES,
    "payments:deposit_edit",
    "payments:deposit_remove",
    "payments:reservation_orders",
    *ORDER_PAGES,
    "notifications:conversation",
    "notifications:send",
    "notifications:preview",
    "notifications:file_unassigned",
]


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_another_host_accounts_objects_do_not_exist_for_an_outsider(client_for, cast, name):
    """The outsider is an owner (every role check passes), yet the cast's rows are 404."""
    client = client_for(cast.outsider)
    method = client.post if name in POST_ONLY else client.get
    assert method(_url(name, cast)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "reservations:detail",
        "reservations:edit",
        "checkin:print",
        "reservations:property_stays",
        "properties:detail",
        "properties:edit",
        "properties:branding",
        "properties:guide",
        "properties:guide_preview",
        "payments:reservation_orders",
        "notifications:conversation",
        "notifications:preview",
    ],
)
def test_properties_not_assigned_to_a_manager_do_not_exist_for_them(client_for, cast, name):
    loft_ids = {
        "properties": cast.loft.pk,
        "reservations": cast.loft_reservation.pk,
        "checkin": cast.loft_reservation.pk,
    }
    loft_ids["reservations:property_stays"] = cast.loft.pk
    loft_ids["payments:reservation_orders"] = cast.loft_reservation.pk
    loft_ids["notifications"] = cast.loft_reservation.pk
    url = reverse(name, kwargs={"pk": loft_ids.get(name) or loft_ids[name.split(":")[0]]})
    assert client_for(cast.manager).get(url).status_code == 404
