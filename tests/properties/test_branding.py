"""Text on a brand colour: white or near-black, whichever is easier to read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties.models.property import DARK_TEXT, LIGHT_TEXT, contrast_ratio, readable_text_on, relative_luminance

hex_colours = st.integers(min_value=0, max_value=0xFFFFFF).map(lambda n: f"#{n:06x}")

# Choosing between white and black always reaches WCAG AA's 4.5:1. The worst case is a colour of
# relative luminance sqrt(1.05 * 0.05) - 0.05 ≈ 0.179, equally far from both: (1.05 / 0.229) ≈ 4.58:1.
GUARANTEED_CONTRAST = 4.5


@pytest.mark.parametrize("colour", ["#000000", "#1a6b5c", "#0000ff", "#7f1d1d", "#333333"])
def test_dark_colours_get_white_text(colour):
    assert readable_text_on(colour) == LIGHT_TEXT


@pytest.mark.parametrize("colour", ["#ffffff", "#e0a526", "#ffff00", "#a7f3d0", "#cccccc"])
def test_light_colours_get_dark_text(colour):
    assert readable_text_on(colour) == DARK_TEXT


def test_contrast_ratio_matches_the_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)


def test_a_mid_tone_brand_colour_still_reaches_wcag_aa():
    # #ec2850 was the worst case with the earlier near-black text (#111827): 4.21:1.
    assert contrast_ratio(readable_text_on("#ec2850"), "#ec2850") >= 4.5


@given(colour=hex_colours)
def test_the_text_colour_is_the_better_of_the_two(colour):
    chosen = readable_text_on(colour)
    other = DARK_TEXT if chosen == LIGHT_TEXT else LIGHT_TEXT

    assert contrast_ratio(chosen, colour) >= contrast_ratio(other, colour)


@given(colour=hex_colours)
def test_the_text_colour_always_reaches_the_guaranteed_contrast(colour):
    assert contrast_ratio(readable_text_on(colour), colour) >= GUARANTEED_CONTRAST


@given(a=hex_colours, b=hex_colours)
def test_contrast_ratio_is_symmetric_and_at_least_one(a, b):
    assert contrast_ratio(a, b) == contrast_ratio(b, a) >= 1.0


@given(colour=hex_colours)
def test_upper_and_lower_case_hex_mean_the_same_colour(colour):
    assert readable_text_on(colour.upper()) == readable_text_on(colour)
