"""A property's guide editor: add, edit, reorder and remove sections and places, with a guest preview.

Every action is a plain POST that redirects back to the editor; with htmx it
answers the `#guide-sections` list and an out-of-band `#guide-preview` instead.
"""

from datetime import time
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog
from properties.models import GuidePlace, GuideSection, Visibility
from tests.factories import GuidePlaceFactory, GuideSectionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _url(name, *args):
    return reverse(f"properties:{name}", args=args)


def _titles(property):
    rows = GuideSection.objects.filter(property=property).order_by("position", "id")
    return [row.title["en"] for row in rows]


@pytest.fixture
def three(cast):
    return [
        GuideSectionFactory(property=cast.villa, title={"en": title}, position=position)
        for position, title in enumerate(["Arrival", "Wi-Fi", "House rules"], start=1)
    ]


@pytest.fixture
def door(cast):
    """The villa's door code, in a section that opens 24 hours before arrival."""
    villa = cast.villa
    villa.door_code, villa.wifi_name, villa.wifi_password = "4821#", "VillaMar-Guest", "sea-breeze-77"
    villa.check_in_time, villa.check_out_time = time(16, 0), time(11, 0)
    villa.save()
    return GuideSectionFactory(
        property=villa,
        kind="arrival",
        title={"en": "Door code"},
        body={"en": "Hi {guest_first_name}, the code is **{door_code}**."},
        visibility=Visibility.ARRIVAL_WINDOW,
        unlock_hours_before=24,
    )


def _edit_data(section, **overrides):
    data = {
        "kind": section.kind,
        "icon": section.icon,
        "visibility": section.visibility,
        "unlock_hours_before": str(section.unlock_hours_before),
        "title_en": section.title.get("en", ""),
        "body_en": section.body.get("en", ""),
    }
    return data | overrides


class _Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _preview_html(response):
    html = response.content.decode()
    return html[html.index('id="guide-preview"') :]


# --- The page ---------------------------------------------------------------------------


def test_lists_the_sections_in_order_with_a_preview(three, cast, client_for):
    response = client_for(cast.manager).get(_url("guide", cast.villa.pk))

    html = response.content.decode()
    assert html.index("<strong>Arrival<") < html.index("<strong>Wi-Fi<") < html.index("<strong>House rules<")
    assertContains(response, 'id="guide-sections"')
    assertContains(response, 'id="guide-preview"')
    assertContains(response, "Preview as a guest")
    assertContains(response, 'name="mode" value="arrival"')


def test_an_empty_guide_says_how_to_start(cast, client_for):
    response = client_for(cast.manager).get(_url("guide", cast.villa.pk))

    assertContains(response, "No sections yet")
    assertContains(response, "Add sections to see the guest’s guide.")


def test_the_editor_answers_htmx_with_the_sections_partial(three, cast, client_for):
    response = client_for(cast.manager).get(_url("guide", cast.villa.pk), headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="guide-sections"')


def test_the_property_page_links_to_the_guide_and_shows_the_wifi_name_never_the_password(door, cast, client_for):
    response = client_for(cast.manager).get(_url("detail", cast.villa.pk))

    assertContains(response, _url("guide", cast.villa.pk))
    assertContains(response, "VillaMar-Guest")
    assertNotContains(response, "sea-breeze-77")
    assertNotContains(response, "4821#")


def test_a_concierge_sees_no_guide_button(cast, client_for):
    response = client_for(cast.concierge).get(_url("detail", cast.villa.pk))

    assertNotContains(response, _url("guide", cast.villa.pk))


# --- Access ---------------------------------------------------------------------------


def test_a_manager_edits_their_villas_guide_but_not_the_lofts_or_another_accounts(cast, client_for):
    villa_section = GuideSectionFactory(property=cast.villa)
    loft_section = GuideSectionFactory(property=cast.loft)
    outsider_section = GuideSectionFactory(property=cast.outsider_property)
    client = client_for(cast.manager)

    assert client.get(_url("guide", cast.villa.pk)).status_code == 200
    assert client.get(_url("guide_section_edit", villa_section.pk)).status_code == 200
    assert client.get(_url("guide", cast.loft.pk)).status_code == 404
    assert client.get(_url("guide", cast.outsider_property.pk)).status_code == 404
    for section in (loft_section, outsider_section):
        assert client.get(_url("guide_section_edit", section.pk)).status_code == 404
        assert client.post(_url("guide_section_edit", section.pk), _edit_data(section)).status_code == 404
        assert client.post(_url("guide_section_remove", section.pk), headers=HTMX).status_code == 404
    assert GuideSection.objects.filter(pk__in=[loft_section.pk, outsider_section.pk]).count() == 2


def test_a_concierge_is_refused_even_for_htmx_partials_and_posts(cast, client_for):
    section = GuideSectionFactory(property=cast.villa)
    client = client_for(cast.concierge)

    assert client.get(_url("guide", cast.villa.pk), headers=HTMX).status_code == 403
    assert client.get(_url("guide_preview", cast.villa.pk), headers=HTMX).status_code == 403
    assert client.post(_url("guide_section_add", cast.villa.pk), {"kind": "wifi"}, headers=HTMX).status_code == 403
    assert client.post(_url("guide_section_remove", section.pk), headers=HTMX).status_code == 403
    assert GuideSection.objects.filter(property=cast.villa).count() == 1


def test_places_of_another_accounts_section_do_not_exist(cast, client_for):
    mine = GuideSectionFactory(property=cast.villa, kind="recommendations")
    theirs = GuidePlaceFactory(section__property=cast.outsider_property)
    client = client_for(cast.owner)

    assert client.get(_url("guide_place_edit", mine.pk, theirs.pk)).status_code == 404
    assert client.post(_url("guide_place_remove", mine.pk, theirs.pk)).status_code == 404
    assert client.post(_url("guide_place_remove", theirs.section_id, theirs.pk)).status_code == 404
    assert GuidePlace.objects.filter(pk=theirs.pk).exists()


# --- Adding and editing sections ------------------------------------------------------


def test_a_section_is_added_with_a_title_from_its_kind_and_opens_for_editing(three, cast, client_for):
    response = client_for(cast.manager).post(_url("guide_section_add", cast.villa.pk), {"kind": "parking"})

    section = GuideSection.objects.get(property=cast.villa, kind="parking")
    assertRedirects(
        response, _url("guide_section_edit", section.pk) + f"#section-{section.pk}", fetch_redirect_response=False
    )
    assert section.title == {"en": "Parking"}
    assert section.icon == "parking"
    assert section.organization == cast.organization
    assert _titles(cast.villa) == ["Arrival", "Wi-Fi", "House rules", "Parking"]
    assert ActivityLog.objects.filter(action="guide.section_added").exists()
    page = client_for(cast.manager).get(response["Location"])
    assertContains(page, 'name="title_en"')
    assertContains(page, 'value="Parking"')


def test_adding_with_htmx_answers_the_list_with_the_new_section_open(cast, client_for):
    response = client_for(cast.manager).post(_url("guide_section_add", cast.villa.pk), {"kind": "wifi"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="guide-sections"')
    assert 'name="title_en"' in html
    assert 'hx-swap-oob="true"' in html
    assert "“Wi-Fi” added." in html


def test_an_unknown_kind_is_refused(cast, client_for):
    response = client_for(cast.manager).post(_url("guide_section_add", cast.villa.pk), {"kind": "casino"})

    assertContains(response, "Choose what the new section is about.", status_code=400)
    assert not GuideSection.objects.filter(property=cast.villa).exists()


def test_the_edit_form_has_every_account_language_and_the_placeholders(three, cast, client_for):
    cast.organization.languages = ["en", "es", "de"]
    cast.organization.save()

    response = client_for(cast.manager).get(_url("guide_section_edit", three[0].pk))

    assertContains(response, 'name="title_es"')
    assertContains(response, 'name="body_de"')
    assertNotContains(response, 'name="title_fr"')
    assertNotContains(response, 'name="shared_with"')
    for placeholder in ("{guest_first_name}", "{check_in_time}", "{property_address}", "{wifi_name}", "{door_code}"):
        assertContains(response, placeholder)
    assertContains(response, "Markdown")
    assertContains(response, "🔑  key")


def test_titles_and_texts_are_saved_per_language(three, cast, client_for):
    cast.organization.languages = ["en", "es", "fr"]
    cast.organization.save()
    section = three[1]
    data = _edit_data(
        section,
        kind="wifi",
        icon="wifi",
        visibility="after_checkin",
        title_en="Wi-Fi",
        title_es="Wifi",
        title_fr="",
        body_en="Network **{wifi_name}**",
        body_es="Red **{wifi_name}**",
    )

    response = client_for(cast.manager).post(_url("guide_section_edit", section.pk), data, follow=True)

    assertRedirects(response, _url("guide", cast.villa.pk) + f"#section-{section.pk}")
    assertContains(response, "“Wi-Fi” saved.")
    section.refresh_from_db()
    assert section.title == {"en": "Wi-Fi", "es": "Wifi"}
    assert section.body == {"en": "Network **{wifi_name}**", "es": "Red **{wifi_name}**"}
    assert (section.kind, section.icon, section.visibility) == ("wifi", "wifi", "after_checkin")
    assert ActivityLog.objects.filter(action="guide.section_changed").count() == 1


def test_translations_in_languages_the_account_does_not_show_are_kept(cast, client_for):
    cast.organization.languages = ["en"]
    cast.organization.save()
    section = GuideSectionFactory(property=cast.villa, title={"en": "Rules", "it": "Regole"})

    client_for(cast.manager).post(_url("guide_section_edit", section.pk), _edit_data(section, title_en="House rules"))

    section.refresh_from_db()
    assert section.title == {"en": "House rules", "it": "Regole"}


@pytest.mark.parametrize("title", ["", "   "])
def test_a_blank_english_title_is_refused_and_nothing_saved(three, cast, client_for, title):
    section = three[0]

    response = client_for(cast.manager).post(
        _url("guide_section_edit", section.pk), _edit_data(section, title_en=title, body_en="Changed")
    )

    assertContains(response, "There is a problem", status_code=400)
    assertContains(response, "This field is required.", status_code=400)
    section.refresh_from_db()
    assert section.title == {"en": "Arrival"}
    assert section.body == {"en": "Some **text**."}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unlock_hours_before": "400"}, "Ensure this value is less than or equal to 336."),
        ({"visibility": "sometimes"}, "Select a valid choice."),
        ({"icon": "skull"}, "Select a valid choice."),
    ],
)
def test_invalid_settings_are_refused(three, cast, client_for, overrides, message):
    section = three[0]

    response = client_for(cast.manager).post(_url("guide_section_edit", section.pk), _edit_data(section, **overrides))

    assertContains(response, message, status_code=400)
    section.refresh_from_db()
    assert (section.visibility, section.icon, section.unlock_hours_before) == ("always", "info", 24)


def test_a_refused_edit_answers_htmx_with_the_errors_in_the_partial(three, cast, client_for):
    section = three[0]

    response = client_for(cast.manager).post(
        _url("guide_section_edit", section.pk), _edit_data(section, title_en=""), headers=HTMX
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert "This field is required." in html
    assert 'id="section_title_en"' in html


def test_the_edit_form_answers_htmx_with_the_sections_partial(three, cast, client_for):
    response = client_for(cast.manager).get(_url("guide_section_edit", three[1].pk), headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="guide-sections"')
    assert 'name="title_en"' in html


def test_a_public_section_using_the_door_code_warns_the_host(cast, client_for):
    GuideSectionFactory(property=cast.villa, body={"en": "Code {door_code}"}, visibility=Visibility.ALWAYS)

    response = client_for(cast.manager).get(_url("guide", cast.villa.pk))

    assertContains(response, "guests see •••• until you choose a locked visibility")


# --- Reordering and removing ------------------------------------------------------------


def test_a_section_moves_up_and_down(three, cast, client_for):
    client = client_for(cast.manager)

    response = client.post(_url("guide_section_move", three[2].pk), {"direction": "up"})
    assertRedirects(response, _url("guide", cast.villa.pk) + f"#section-{three[2].pk}", fetch_redirect_response=False)
    assert _titles(cast.villa) == ["Arrival", "House rules", "Wi-Fi"]

    client.post(_url("guide_section_move", three[0].pk), {"direction": "down"})
    assert _titles(cast.villa) == ["House rules", "Arrival", "Wi-Fi"]


def test_moving_the_first_up_changes_nothing_and_a_move_needs_a_direction(three, cast, client_for):
    client = client_for(cast.manager)
    client.post(_url("guide_section_move", three[0].pk), {"direction": "up"})

    response = client.post(_url("guide_section_move", three[1].pk), {"direction": "sideways"})

    assert response.status_code == 400
    assert _titles(cast.villa) == ["Arrival", "Wi-Fi", "House rules"]


def test_moving_with_htmx_answers_the_list_and_the_preview(three, cast, client_for):
    response = client_for(cast.manager).post(
        _url("guide_section_move", three[1].pk), {"direction": "up", "mode": "after", "lang": "en"}, headers=HTMX
    )

    html = response.content.decode()
    assert "<html" not in html
    assert html.index("<strong>Wi-Fi<") < html.index("<strong>Arrival<")
    assert 'id="guide-preview"' in html and 'hx-swap-oob="true"' in html


def test_a_section_is_removed(three, cast, client_for):
    response = client_for(cast.manager).post(_url("guide_section_remove", three[1].pk), follow=True)

    assertRedirects(response, _url("guide", cast.villa.pk))
    assertContains(response, "“Wi-Fi” removed.")
    assert _titles(cast.villa) == ["Arrival", "House rules"]
    assert ActivityLog.objects.filter(action="guide.section_removed").exists()


# --- Places -------------------------------------------------------------------------------


@pytest.fixture
def tips(cast):
    return GuideSectionFactory(property=cast.villa, kind="recommendations", title={"en": "Our tips"})


def test_places_are_listed_in_the_edit_panel_with_their_map_link(tips, cast, client_for):
    GuidePlaceFactory(section=tips, name="Bar Pinxo", address="Carrer de la Reina 112, Valencia")

    response = client_for(cast.manager).get(_url("guide_section_edit", tips.pk))

    assertContains(response, "Bar Pinxo")
    assertContains(response, "https://www.google.com/maps/search/?api=1&amp;query=Carrer+de+la+Reina+112%2C+Valencia")
    assertContains(response, 'name="name"')


def test_a_place_is_added_with_notes_per_language(tips, cast, client_for):
    cast.organization.languages = ["en", "es"]
    cast.organization.save()
    data = {
        "name": "Casa Montaña",
        "category": "Tapas",
        "address": "Carrer de Josep Benlliure 69, Valencia",
        "link": "https://emilianobar.com",
        "note_en": "Book ahead.",
        "note_es": "Reserva antes.",
    }

    response = client_for(cast.manager).post(_url("guide_place_add", tips.pk), data)

    assertRedirects(response, _url("guide_section_edit", tips.pk) + "#places", fetch_redirect_response=False)
    place = tips.places.get()
    assert (place.name, place.category, place.link) == ("Casa Montaña", "Tapas", "https://emilianobar.com")
    assert place.note == {"en": "Book ahead.", "es": "Reserva antes."}
    assert place.organization == cast.organization


def test_a_place_needs_a_name_and_a_real_link(tips, cast, client_for):
    response = client_for(cast.manager).post(_url("guide_place_add", tips.pk), {"name": "", "link": "not a link"})

    assertContains(response, "This field is required.", status_code=400)
    assertContains(response, "Enter a valid URL.", status_code=400)
    assert not tips.places.exists()


def test_places_only_go_in_a_recommendations_section(three, cast, client_for):
    response = client_for(cast.manager).post(_url("guide_place_add", three[0].pk), {"name": "Bar"})

    assertContains(response, "Places belong in a local recommendations section.", status_code=400)
    assert not GuidePlace.objects.exists()


def test_a_place_is_edited_and_removed(tips, cast, client_for):
    place = GuidePlaceFactory(section=tips, name="Bar Pinxo")
    client = client_for(cast.manager)

    form = client.get(_url("guide_place_edit", tips.pk, place.pk), headers=HTMX)
    assert "<html" not in form.content.decode()
    assertContains(form, 'value="Bar Pinxo"')

    client.post(_url("guide_place_edit", tips.pk, place.pk), {"name": "Bar Pinxo Centre", "note_en": "Try it."})
    place.refresh_from_db()
    assert (place.name, place.note, place.address) == ("Bar Pinxo Centre", {"en": "Try it."}, "")

    response = client.post(_url("guide_place_remove", tips.pk, place.pk), headers=HTMX)
    assert "“Bar Pinxo Centre” removed." in response.content.decode()
    assert not tips.places.exists()
    logged = ActivityLog.objects.filter(action__startswith="guide.place").order_by("id")
    assert [(e.action, e.details) for e in logged] == [
        ("guide.place_changed", {"place": "Bar Pinxo Centre"}),
        ("guide.place_removed", {"place": "Bar Pinxo Centre"}),
    ]


# --- The preview -------------------------------------------------------------------------------


def test_the_preview_never_carries_a_hosts_script(cast, client_for):
    body = (
        '<script>alert(1)</script> <img src=x onerror="alert(1)"> [click](javascript:alert(1)) '
        '<a href="javascript:alert(2)">x</a> **safe**'
    )
    section = GuideSectionFactory(property=cast.villa, title={"en": "Tricky"})
    client = client_for(cast.manager)
    client.post(_url("guide_section_edit", section.pk), _edit_data(section, body_en=body))
    section.refresh_from_db()
    assert section.body["en"] == body  # stored as written; made safe when shown

    for mode in ("before", "after", "arrival"):
        response = client.get(_url("guide_preview", cast.villa.pk), {"mode": mode}, headers=HTMX)
        html = response.content.decode()
        assert "<strong>safe</strong>" in html
        assert "<script" not in html.lower()
        for tag, attrs in _Elements(html).elements:
            assert tag not in {"script", "img", "iframe"}
            assert not [name for name in attrs if name.startswith("on")]
            assert "javascript:" not in " ".join(str(value) for value in attrs.values()).lower()


def test_before_check_in_the_door_code_section_asks_to_check_in(door, cast, client_for):
    response = client_for(cast.manager).get(_url("guide", cast.villa.pk), {"mode": "before"})

    preview = _preview_html(response)
    assert "Complete your online check-in to see this." in preview
    assert "4821#" not in preview


def test_after_check_in_the_arrival_window_is_still_locked(door, cast, client_for):
    response = client_for(cast.manager).get(_url("guide_preview", cast.villa.pk), {"mode": "after"}, headers=HTMX)

    html = response.content.decode()
    assert "Available from" in html
    assert "4821#" not in html


def test_on_arrival_day_the_door_code_is_shown_with_the_guests_name(door, cast, client_for):
    response = client_for(cast.manager).get(_url("guide", cast.villa.pk), {"mode": "arrival"})

    preview = _preview_html(response)
    assert "Hi Alex, the code is <strong>4821#</strong>." in preview
    assertContains(response, 'value="arrival" checked')


def test_an_after_check_in_section_opens_after_check_in(cast, client_for):
    GuideSectionFactory(
        property=cast.villa,
        body={"en": "Password {wifi_password}"},
        visibility=Visibility.AFTER_CHECKIN,
    )
    cast.villa.wifi_password = "sea-breeze-77"
    cast.villa.save()
    client = client_for(cast.manager)

    before = client.get(_url("guide_preview", cast.villa.pk), {"mode": "before"}, headers=HTMX)
    after = client.get(_url("guide_preview", cast.villa.pk), {"mode": "after"}, headers=HTMX)

    assert "sea-breeze-77" not in before.content.decode()
    assert "sea-breeze-77" in after.content.decode()


def test_the_preview_is_shown_in_the_chosen_language(cast, client_for):
    cast.organization.languages = ["en", "es"]
    cast.organization.save()
    GuideSectionFactory(property=cast.villa, title={"en": "Parking", "es": "Aparcamiento"})
    GuideSectionFactory(property=cast.villa, title={"en": "Pool"})  # no translation: English

    response = client_for(cast.manager).get(_url("guide_preview", cast.villa.pk), {"lang": "es"}, headers=HTMX)

    html = response.content.decode()
    assert "Aparcamiento" in html
    assert "Pool" in html


def test_a_language_the_account_does_not_use_falls_back_to_english(cast, client_for):
    cast.organization.languages = ["en"]
    cast.organization.save()
    GuideSectionFactory(property=cast.villa, title={"en": "Parking", "es": "Aparcamiento"})

    response = client_for(cast.manager).get(_url("guide_preview", cast.villa.pk), {"lang": "es"}, headers=HTMX)

    assert "Aparcamiento" not in response.content.decode()


def test_the_preview_saves_nothing(door, cast, client_for):
    from reservations.models import Reservation

    count = Reservation.objects.count()
    for mode in ("before", "after", "arrival"):
        client_for(cast.manager).get(_url("guide", cast.villa.pk), {"mode": mode})

    assert Reservation.objects.count() == count


def test_locked_places_are_not_shown_in_the_preview(cast, client_for):
    tips = GuideSectionFactory(property=cast.villa, kind="recommendations", visibility=Visibility.AFTER_CHECKIN)
    GuidePlaceFactory(section=tips, name="Secret Bar")
    client = client_for(cast.manager)

    before = client.get(_url("guide_preview", cast.villa.pk), {"mode": "before"}, headers=HTMX)
    after = client.get(_url("guide_preview", cast.villa.pk), {"mode": "after"}, headers=HTMX)

    assert "Secret Bar" not in before.content.decode()
    assert "Secret Bar" in after.content.decode()


# --- Wi-Fi and door code on the property ---------------------------------------------------


def test_the_property_form_saves_the_wifi_and_door_code_encrypted_and_logs_no_secret(cast, client_for):
    from django.db import connection

    from accounts.models import ActivityLog

    villa = cast.villa
    data = {
        "name": villa.name,
        "address": villa.address,
        "city": villa.city,
        "country": str(villa.country),
        "timezone": villa.timezone,
        "check_in_time": "15:00",
        "check_out_time": "11:00",
        "max_guests": str(villa.max_guests),
        "wifi_name": "VillaMar-Guest",
        "wifi_password": "sea-breeze-77",
        "door_code": "4821#",
    }
    form = client_for(cast.manager).get(_url("edit", villa.pk))
    assertContains(form, 'name="door_code"')
    assertContains(form, 'autocomplete="off"')

    client_for(cast.manager).post(_url("edit", villa.pk), data)

    villa.refresh_from_db()
    assert (villa.wifi_name, villa.wifi_password, villa.door_code) == ("VillaMar-Guest", "sea-breeze-77", "4821#")
    with connection.cursor() as cursor:
        cursor.execute("SELECT wifi_password, door_code FROM properties_property WHERE id = %s", [villa.pk])
        stored = cursor.fetchone()
    assert "sea-breeze-77" not in stored[0] and "4821#" not in stored[1]
    entry = ActivityLog.objects.get(action="property.updated")
    assert entry.details["changed"]["door_code"] == ["•••", "•••"]
    assert "4821#" not in str(entry.details) and "sea-breeze-77" not in str(entry.details)


def test_the_number_of_queries_stays_flat_as_sections_grow(cast, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.owner)
    url = _url("guide", cast.villa.pk)
    tips = GuideSectionFactory(property=cast.villa, kind="recommendations")
    GuidePlaceFactory(section=tips)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        GuidePlaceFactory(section=GuideSectionFactory(property=cast.villa, kind="recommendations"))
    with django_assert_max_num_queries(len(few)):
        client.get(url)
