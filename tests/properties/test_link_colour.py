"""Links on guest pages in the brand's colour (--brand-ink): darkened until they read on white, hue kept."""

import colorsys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties.models import Brand
from properties.models.property import (
    GUEST_PAGE_BACKGROUND,
    LIGHT_TEXT,
    LINK_CONTRAST,
    contrast_ratio,
    darkened_to_contrast,
)

hex_colours = st.integers(min_value=0, max_value=0xFFFFFF).map(lambda n: f"#{n:06x}")


def hue(hex_colour):
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)[0]


@pytest.mark.parametrize("pale", ["#f6e27a", "#ffe14d", "#fff3b0", "#a7f3d0", "#ffffff"])
def test_a_pale_brand_gets_an_ink_dark_enough_to_read_on_white(pale):
    ink = darkened_to_contrast(pale)

    assert contrast_ratio(pale, LIGHT_TEXT) < LINK_CONTRAST
    assert contrast_ratio(ink, LIGHT_TEXT) >= LINK_CONTRAST


def test_the_pale_yellow_stays_a_yellow_not_a_grey():
    ink = darkened_to_contrast("#f6e27a")

    assert hue(ink) == pytest.approx(hue("#f6e27a"), abs=0.02)
    # Darkened no further than needed: one step lighter would not read any more.
    assert contrast_ratio(ink, LIGHT_TEXT) < 5.5


@pytest.mark.parametrize("dark", ["#1a6b5c", "#0f5e75", "#000000", "#7f1d1d", "#1d4ed8"])
def test_a_dark_brand_stays_itself(dark):
    assert darkened_to_contrast(dark) == dark
    assert darkened_to_contrast(dark, background=GUEST_PAGE_BACKGROUND) == dark


@given(colour=hex_colours)
def test_the_ink_always_reads_on_the_guest_page_background_and_on_white(colour):
    ink = darkened_to_contrast(colour, background=GUEST_PAGE_BACKGROUND)

    assert contrast_ratio(ink, GUEST_PAGE_BACKGROUND) >= LINK_CONTRAST
    assert contrast_ratio(ink, LIGHT_TEXT) >= LINK_CONTRAST


@given(colour=hex_colours)
def test_a_colour_that_already_reads_is_never_changed(colour):
    if contrast_ratio(colour, LIGHT_TEXT) >= LINK_CONTRAST:
        assert darkened_to_contrast(colour) == colour


def test_the_brand_link_colour_is_its_primary_colour_made_readable():
    assert Brand(primary_color="#1a6b5c").link_colour == "#1a6b5c"
    pale = Brand(primary_color="#f6e27a")
    assert pale.link_colour != "#f6e27a"
    assert contrast_ratio(pale.link_colour, GUEST_PAGE_BACKGROUND) >= LINK_CONTRAST
