"""The activity log reads in words, at the reader's own time.

Services log ids ("section": 25, "properties": [4, 7]) and keys ("key": "phone"); the
page names them: "section: Wi-Fi", "properties: Villa Mar, Old Town Loft", "question:
Mobile phone", looked up for the whole page at once, so the page's query count stays
flat however many entries it shows. Times are in the reader's time zone (Your profile),
with the zone's abbreviation.
"""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.activity import record_action
from accounts.models import ActivityLog, ActorType
from accounts.services import change_member, invite_member
from properties.services import add_place, create_section, remove_section
from reservations.checkin.services.forms import add_standard_field, duplicate_form
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory, GuideSectionFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:activity")


def _details(response, action):
    """The details line of the newest entry of `action`."""
    body = response.content.decode()
    rows = re.findall(r'<td title="' + re.escape(action) + r'">.*?<div class="small muted">(.*?)</div>', body, re.S)
    assert rows, f"no details shown for {action}"
    return rows[0]


def test_a_guide_section_is_named_by_its_title(cast, client_for):
    section = create_section(actor=cast.owner, property=cast.villa, kind="wifi", title={"en": "Wi-Fi and TV"})

    response = client_for(cast.owner).get(URL)

    assert _details(response, "guide.section_added") == "section: Wi-Fi and TV · kind: Wi-Fi · shared: no"
    assert f"section: {section.pk}" not in response.content.decode()


def test_a_removed_section_is_named_as_it_was(cast, client_for):
    section = GuideSectionFactory(property=cast.villa, title={"en": "Parking"})
    remove_section(actor=cast.owner, section=section)

    assert _details(client_for(cast.owner).get(URL), "guide.section_removed") == "section: Parking"


def test_a_place_is_named(cast, client_for):
    section = GuideSectionFactory(property=cast.villa, kind="recommendations")
    add_place(actor=cast.owner, section=section, name="Casa Montaña", category="Restaurant")

    assert _details(client_for(cast.owner).get(URL), "guide.place_added") == "place: Casa Montaña"


def test_properties_and_roles_are_named(cast, client_for):
    invite_member(actor=cast.owner, email="new@seaside.test", role="concierge", properties=[cast.villa, cast.loft])

    details = _details(client_for(cast.owner).get(URL), "member.invited")

    assert details == "email: new@seaside.test · role: Concierge · properties: Villa Mar, Old Town Loft"


def test_a_members_change_reads_as_what_changed(cast, client_for):
    change_member(actor=cast.owner, member=cast.concierge, role="manager", properties=[cast.villa, cast.loft])

    details = _details(client_for(cast.owner).get(URL), "member.role_changed")

    assert details == "role: Concierge → Property manager · properties: Villa Mar → Villa Mar, Old Town Loft"


def test_a_member_is_named(cast, client_for):
    record_action(cast.owner, "member.removed", member=cast.manager.pk)

    assert _details(client_for(cast.owner).get(URL), "member.removed") == f"member: {cast.manager.user.full_name}"


def test_a_forms_question_is_named_by_its_label(cast, client_for):
    form = cast.form
    form.fields.filter(key="phone").delete()
    add_standard_field(actor=cast.owner, form=form, key="phone")

    assert _details(client_for(cast.owner).get(URL), "form.field_added") == "question: Mobile phone"


def test_a_copied_form_names_the_form_it_was_copied_from(cast, client_for):
    duplicate_form(actor=cast.owner, form=cast.form)

    assert _details(client_for(cast.owner).get(URL), "form.duplicated") == f"copied from: {cast.form.name}"


def test_an_opened_document_is_named_by_its_question_and_side(cast, client_for):
    document = GuestDocumentFactory(submission__reservation=cast.villa_reservation)
    client = client_for(cast.owner)
    client.get(reverse("checkin:document", args=[cast.villa_reservation.pk, document.pk]))

    # TINY_SCHEMA labels the document question "Document photo".
    assert _details(client.get(URL), "checkin.document_viewed") == "question: Document photo · kind: Front · guest: 1"


def test_an_export_names_its_property(cast, client_for):
    client = client_for(cast.owner)
    client.get(reverse("reservations:export", args=["csv"]), {"property": cast.loft.pk, "status": "confirmed"})

    details = _details(client.get(URL), "reservation.exported")

    assert details == "property: Old Town Loft · format: csv · rows: 1 · status: confirmed"


def test_another_accounts_row_is_never_named(cast, client_for):
    """Ids in details are looked up in the reader's own account only."""
    record_action(cast.owner, "member.invited", properties=[cast.outsider_property.pk])

    response = client_for(cast.owner).get(URL)

    assertNotContains(response, "Rival House")
    assert _details(response, "member.invited") == f"properties: #{cast.outsider_property.pk} (deleted)"


def _many_entries(cast, n):
    sections = [GuideSectionFactory(property=cast.villa, title={"en": f"Section {i}"}) for i in range(n)]
    for i, section in enumerate(sections):
        record_action(cast.owner, "guide.section_changed", target=cast.villa, section=section.pk)
        record_action(cast.owner, "member.invited", properties=[cast.villa.pk, cast.loft.pk], role="manager")
        record_action(cast.owner, "member.removed", member=cast.concierge.pk)
        record_action(cast.owner, "form.field_changed", target=cast.form, key="phone")
        record_action(cast.owner, "form.duplicated", target=cast.form, **{"from": cast.form.pk})
        record_action(cast.owner, "guide.place_added", target=cast.villa, place=f"Place {i}")
    for _ in range(n):
        record_action(cast.owner, "checkin.document_viewed", target=cast.villa_reservation, field_key="document_photo")


def test_the_page_names_everything_in_a_flat_number_of_queries(cast, client_for, django_assert_max_num_queries):
    CheckinSubmissionFactory(reservation=cast.villa_reservation)  # whose form version labels document questions
    _many_entries(cast, 2)
    client = client_for(cast.owner)
    client.get(URL)  # the session and the like, warmed up

    # 15: the navigation's unread-messages COUNT is one of them.
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    _many_entries(cast, 8)  # a full page (50 entries) of every kind
    # One more: the COUNT, which a list that fits on its first page does without (gorently/paging.py).
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        response = client.get(URL)

    assertContains(response, "section: Section 7")
    assertContains(response, "question: Mobile phone")
    assertContains(response, f"member: {cast.concierge.user.full_name}")
    assertContains(response, "question: Document photo")


# --- Times in the reader's zone ---------------------------------------------------------------


def _entry_at(cast, moment):
    return ActivityLog.objects.create(
        organization=cast.organization,
        created_at=moment,
        actor_type=ActorType.USER,
        actor_label="owner@seaside.test",
        action="property.updated",
        target_label="Villa Mar",
    )


def test_times_are_in_the_readers_zone_with_its_abbreviation(cast, client_for):
    cast.owner.user.timezone = "Europe/Madrid"
    cast.owner.user.save()
    _entry_at(cast, datetime(2026, 11, 30, 11, 47, tzinfo=UTC))
    _entry_at(cast, datetime(2026, 7, 1, 11, 47, tzinfo=UTC))

    response = client_for(cast.owner).get(URL)

    assertContains(response, "30 Nov 2026, 12:47 CET")
    assertContains(response, "1 Jul 2026, 13:47 CEST")  # summer time
    assertContains(response, "Times in Europe/Madrid.")
    assertContains(response, '<time datetime="2026-11-30T11:47:00+00:00">')


def test_each_reader_sees_their_own_zone(cast, client_for):
    cast.owner.user.timezone = "America/New_York"
    cast.owner.user.save()
    _entry_at(cast, datetime(2026, 11, 30, 11, 47, tzinfo=UTC))

    assertContains(client_for(cast.owner).get(URL), "30 Nov 2026, 06:47 EST")


def test_without_a_zone_of_their_own_a_reader_sees_utc(cast, client_for):
    _entry_at(cast, datetime(2026, 11, 30, 11, 47, tzinfo=UTC))

    response = client_for(cast.owner).get(URL)

    assertContains(response, "30 Nov 2026, 11:47 UTC")
    assertContains(response, f'<a href="{reverse("accounts:profile")}">Change your time zone</a>', html=True)


def test_the_details_read_in_the_same_order_whatever_order_the_database_keeps(cast):
    from accounts.activity import in_words
    from accounts.models import ActivityLog

    shuffled = [
        ActivityLog(organization=cast.organization, action="reservation.exported", details=details)
        for details in (
            {"rows": 1, "format": "csv", "status": "confirmed"},
            {"status": "confirmed", "format": "csv", "rows": 1},
        )
    ]

    first, second = in_words(shuffled, cast.organization)
    assert first.details_words == second.details_words == "format: csv · rows: 1 · status: confirmed"
