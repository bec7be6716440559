"""The guidebook as a visitor reads it: safe text, filled placeholders, sections unlocking on time."""

from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gorently.markdown import render_markdown
from properties.models import SectionKind, Visibility
from properties.models.guide import map_link
from properties.selectors import guide_for, state_of
from properties.services import create_section
from reservations.models import CheckinStatus
from reservations.selectors import stay_of

pytestmark = pytest.mark.django_db


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


def _elements(html):
    collector = _Collector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="alert(1)">hi</p>',
        "[x](JaVaScRiPt:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_rendering_removes_script_event_handlers_and_javascript_links(markdown):
    """Whatever the host writes, the guest's browser gets no script, handler or script link (text is fine)."""
    elements = _elements(str(render_markdown(markdown)))
    assert not {"script", "iframe", "style", "img"} & {tag for tag, _attrs in elements}
    for _tag, attrs in elements:
        assert not [name for name, _value in attrs if name.startswith("on")]
        assert not [value for name, value in attrs if name == "href" and "javascript" in (value or "").lower()]


def test_markdown_formatting_survives_sanitising():
    html = str(render_markdown("**Bold** and *soft*\n\n- one\n- two\n\n[Map](https://maps.example/x)"))
    assert "<strong>Bold</strong>" in html
    assert "<em>soft</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://maps.example/x"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_text_is_rendered_once_per_process_and_then_given_again(monkeypatch):
    from gorently import markdown

    rendered = []
    render = markdown._markdown.render
    monkeypatch.setattr(markdown._markdown, "render", lambda text: rendered.append(text) or render(text))
    text = "Text seen by one test only: **the pool opens at 9**."

    first, again = render_markdown(text), render_markdown(text)

    assert rendered == [text]
    assert again == first and "<strong>the pool opens at 9</strong>" in again


def test_map_links_are_built_from_the_address():
    assert map_link("Carrer de la Reina 112, Valencia") == (
        "https://www.google.com/maps/search/?api=1&query=Carrer+de+la+Reina+112%2C+Valencia"
    )
    assert map_link("") == ""


@pytest.fixture
def door(cast):
    villa = cast.villa
    villa.timezone = "Europe/Madrid"
    villa.check_in_time, villa.check_out_time = time(16, 0), time(11, 0)
    villa.door_code, villa.wifi_name, villa.wifi_password = "4821#", "VillaMar-Guest", "sea-breeze-77"
    villa.save()
    section = create_section(
        actor=cast.owner,
        property=villa,
        kind=SectionKind.ARRIVAL,
        title={"en": "Door code", "es": "Código de la puerta"},
        body={"en": "Hi {guest_first_name}, the code is **{door_code}**.", "es": "El código es **{door_code}**."},
        visibility=Visibility.ARRIVAL_WINDOW,
        unlock_hours_before=24,
    )
    reservation = cast.villa_reservation
    reservation.guest_name = "Ana García"
    reservation.check_in, reservation.check_out = date(2026, 7, 10), date(2026, 7, 14)
    reservation.checkin_status = CheckinStatus.COMPLETED
    reservation.save()
    return section, reservation


MADRID = ZoneInfo("Europe/Madrid")


@pytest.mark.parametrize(
    ("local_moment", "visible"),
    [
        (datetime(2026, 7, 9, 15, 59, 59), False),  # one second before 24 hours ahead of 16:00 arrival
        (datetime(2026, 7, 9, 16, 0, 0), True),  # the window opens
        (datetime(2026, 7, 14, 11, 0, 0), True),  # check-out time, last moment
        (datetime(2026, 7, 14, 11, 0, 1), False),  # after check-out
    ],
)
def test_an_arrival_window_section_opens_and_closes_at_the_boundaries_in_the_propertys_time_zone(
    door, local_moment, visible
):
    section, reservation = door
    now = local_moment.replace(tzinfo=MADRID)
    assert state_of(section, reservation.property, stay_of(reservation), now).visible is visible


def test_the_window_follows_the_propertys_time_zone_not_utc(door):
    section, reservation = door
    # 16:00 in Madrid (UTC+2 in July) is 14:00 UTC: the window opens at 14:00 UTC the day before.
    assert (
        state_of(
            section, reservation.property, stay_of(reservation), datetime(2026, 7, 9, 13, 59, tzinfo=ZoneInfo("UTC"))
        ).visible
        is False
    )
    assert (
        state_of(
            section, reservation.property, stay_of(reservation), datetime(2026, 7, 9, 14, 0, tzinfo=ZoneInfo("UTC"))
        ).visible
        is True
    )


def test_secret_sections_stay_locked_until_check_in_is_complete(door):
    section, reservation = door
    reservation.checkin_status = CheckinStatus.IN_PROGRESS
    inside_window = datetime(2026, 7, 10, 18, 0, tzinfo=MADRID)
    state = state_of(section, reservation.property, stay_of(reservation), inside_window)
    assert state.visible is False
    assert "Complete your online check-in" in state.reason


def test_a_locked_section_says_when_it_opens(door):
    section, reservation = door
    state = state_of(section, reservation.property, stay_of(reservation), datetime(2026, 7, 1, 12, 0, tzinfo=MADRID))
    assert state.reason == "Available from Thursday, 9 July, 16:00."


def test_an_after_checkin_section_opens_as_soon_as_check_in_is_complete(door, cast):
    _section, reservation = door
    section = create_section(
        actor=cast.owner, property=cast.villa, title={"en": "Wi-Fi"}, visibility=Visibility.AFTER_CHECKIN
    )
    early = datetime(2026, 6, 1, 9, 0, tzinfo=MADRID)
    assert state_of(section, reservation.property, stay_of(reservation), early).visible is True
    reservation.checkin_status = CheckinStatus.NOT_STARTED
    assert state_of(section, reservation.property, stay_of(reservation), early).visible is False


def test_the_guest_sees_placeholders_filled_and_the_code_once_unlocked(door):
    _section, reservation = door
    inside = datetime(2026, 7, 10, 18, 0, tzinfo=MADRID)
    [view] = guide_for(reservation.property, stay=stay_of(reservation), language="en", now=inside)
    assert "Hi Ana, the code is <strong>4821#</strong>." in str(view.body)
    [view] = guide_for(reservation.property, stay=stay_of(reservation), language="es", now=inside)
    assert view.title == "Código de la puerta"
    assert "4821#" in str(view.body)


def test_a_locked_section_renders_no_body_at_all(door):
    _section, reservation = door
    [view] = guide_for(reservation.property, stay=stay_of(reservation), now=datetime(2026, 7, 1, tzinfo=MADRID))
    assert view.body == ""
    assert not view.state.visible


def test_the_public_guide_leaves_out_secret_sections_and_masks_secrets_in_public_ones(door, cast):
    create_section(
        actor=cast.owner,
        property=cast.villa,
        kind=SectionKind.WIFI,
        title={"en": "Wi-Fi"},
        body={"en": "Network {wifi_name}, password {wifi_password}, door {door_code}"},
        visibility=Visibility.ALWAYS,
    )
    views = guide_for(cast.villa, public=True)
    assert [v.title for v in views] == ["Wi-Fi"]
    body = str(views[0].body)
    assert "VillaMar-Guest" in body
    assert "sea-breeze-77" not in body and "4821#" not in body


def test_shared_sections_appear_only_in_the_guides_they_are_shared_with(cast):
    shared = create_section(
        actor=cast.owner, title={"en": "House rules"}, kind=SectionKind.HOUSE_RULES, shared_with=[cast.loft]
    )
    assert shared in [v.section for v in guide_for(cast.loft)]
    assert shared not in [v.section for v in guide_for(cast.villa)]
    assert shared not in [v.section for v in guide_for(cast.outsider_property)]


def test_a_sections_text_never_reaches_another_host_accounts_guide(door, cast):
    assert guide_for(cast.outsider_property) == []


def test_check_in_and_out_times_of_the_window_use_the_propertys_times(door):
    section, reservation = door
    reservation.property.check_in_time = time(20, 0)
    assert (
        state_of(
            section, reservation.property, stay_of(reservation), datetime(2026, 7, 9, 19, 59, tzinfo=MADRID)
        ).visible
        is False
    )
    assert (
        state_of(
            section, reservation.property, stay_of(reservation), datetime(2026, 7, 9, 20, 0, tzinfo=MADRID)
        ).visible
        is True
    )
    assert timedelta(hours=section.unlock_hours_before) == timedelta(hours=24)


FRAGMENTS = ["<script>", "</script>", "<a href='", "javascript:", "onerror=", "<img src=x ", "[", "](", ")",
             "**", "\n\n", "<", ">", '"', "'", "&#106;avascript:", "data:text/html,", "<svg onload=alert(1)>",
             "`"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join))
def test_no_combination_of_markdown_and_html_gets_script_onto_the_page(text):
    for tag, attrs in _elements(str(render_markdown(text))):
        assert tag not in {"script", "img", "svg", "iframe", "style"}
        for name, value in attrs:
            assert not name.startswith("on")
            if name == "href":
                assert (value or "").split(":")[0].lower() in {"http", "https", "mailto", "tel"} or ":" not in value
