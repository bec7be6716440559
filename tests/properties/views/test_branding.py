"""Branding: the account's colours and font, a property's override, and the live preview."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from properties.models import Brand
from properties.models.property import DARK_TEXT, LIGHT_TEXT

pytestmark = pytest.mark.django_db

ACCOUNT_URL = reverse("properties:account_branding")
PREVIEW_URL = reverse("properties:branding_preview")
HTMX = {"HX-Request": "true"}


def _property_url(property):
    return reverse("properties:branding", args=[property.pk])


def _reset_url(property):
    return reverse("properties:branding_reset", args=[property.pk])


def _brand(primary="#0b3d91", accent="#f4a261", font="serif"):
    return {"primary_color": primary, "accent_color": accent, "font": font}


def _preview_vars(html):
    return dict(re.findall(r'data-var-([a-z-]+)="([^"]*)"', html))


def test_shows_the_defaults_before_anything_is_saved(cast, client_for):
    response = client_for(cast.owner).get(ACCOUNT_URL)

    assertContains(response, 'value="#1a6b5c"')
    assertContains(response, 'id="preview"')
    assert not Brand.objects.exists()


def test_an_owner_saves_the_account_brand(cast, client_for):
    response = client_for(cast.owner).post(ACCOUNT_URL, _brand(), follow=True)

    assertRedirects(response, ACCOUNT_URL)
    assertContains(response, "Branding saved.")
    brand = Brand.objects.get(organization=cast.organization, property=None)
    assert (brand.primary_color, brand.accent_color, brand.font) == ("#0b3d91", "#f4a261", "serif")
    assertContains(response, 'data-var-brand="#0b3d91"')
    entry = ActivityLog.objects.get(action="brand.updated")
    assert entry.organization == cast.organization
    assert entry.details == {"primary_color": "#0b3d91", "accent_color": "#f4a261", "font": "serif"}


def test_saving_again_updates_the_same_brand(cast, client_for):
    client = client_for(cast.owner)
    client.post(ACCOUNT_URL, _brand())

    client.post(ACCOUNT_URL, _brand(primary="#222222"))

    assert Brand.objects.get().primary_color == "#222222"


@pytest.mark.parametrize("colour", ["red", "#12345", "#gggggg", "1a6b5c"])
def test_an_invalid_colour_is_refused_and_nothing_is_saved(cast, client_for, colour):
    response = client_for(cast.owner).post(ACCOUNT_URL, _brand(primary=colour))

    assertContains(response, "Use a colour like #1a6b5c.", status_code=400)
    assert not Brand.objects.exists()
    assert not ActivityLog.objects.filter(action="brand.updated").exists()


def test_an_unknown_font_is_refused(cast, client_for):
    response = client_for(cast.owner).post(ACCOUNT_URL, _brand(font="comic-sans"))

    assertContains(response, "Select a valid choice.", status_code=400)
    assert not Brand.objects.exists()


def test_a_manager_may_not_change_the_account_brand(cast, client_for):
    response = client_for(cast.manager).post(ACCOUNT_URL, _brand())

    assert response.status_code == 403
    assert not Brand.objects.exists()


def test_a_property_starts_with_the_account_brand(cast, client_for):
    client = client_for(cast.owner)
    client.post(ACCOUNT_URL, _brand(primary="#0b3d91"))

    response = client.get(_property_url(cast.villa))

    assertContains(response, "Branding of Villa Mar")
    assertContains(response, 'value="#0b3d91"')
    assertContains(client.get(reverse("properties:detail", args=[cast.villa.pk])), "Account branding")


def test_a_manager_overrides_the_brand_of_an_assigned_property(cast, client_for):
    client = client_for(cast.manager)

    response = client.post(_property_url(cast.villa), _brand(primary="#8b0000"), follow=True)

    assertRedirects(response, _property_url(cast.villa))
    override = Brand.objects.get(property=cast.villa)
    assert override.organization == cast.organization
    assert override.primary_color == "#8b0000"
    assert not Brand.objects.filter(property=None).exists()
    assertContains(response, "Use account branding")
    assertContains(client.get(reverse("properties:detail", args=[cast.villa.pk])), "Own branding")


def test_a_manager_may_not_brand_a_property_not_assigned_to_them(cast, client_for):
    response = client_for(cast.manager).post(_property_url(cast.loft), _brand())

    assert response.status_code == 404
    assert not Brand.objects.exists()


def test_a_concierge_may_not_brand_a_property(cast, client_for):
    response = client_for(cast.concierge).post(_property_url(cast.villa), _brand())

    assert response.status_code == 403
    assert not Brand.objects.exists()


def test_reset_removes_the_override(cast, client_for):
    client = client_for(cast.manager)
    client.post(_property_url(cast.villa), _brand(primary="#8b0000"))

    response = client.post(_reset_url(cast.villa), follow=True)

    assertRedirects(response, _property_url(cast.villa))
    assertContains(response, "Villa Mar now uses your account")
    assert not Brand.objects.filter(property=cast.villa).exists()
    assert ActivityLog.objects.filter(action="brand.override_removed").count() == 1
    assertContains(response, 'value="#1a6b5c"')


def test_reset_without_an_override_logs_nothing(cast, client_for):
    client_for(cast.manager).post(_reset_url(cast.villa))

    assert not ActivityLog.objects.filter(action="brand.override_removed").exists()


def test_reset_of_a_property_not_assigned_is_not_found(cast, client_for):
    Brand.objects.create(organization=cast.organization, property=cast.loft, primary_color="#000000")

    response = client_for(cast.manager).post(_reset_url(cast.loft))

    assert response.status_code == 404
    assert Brand.objects.filter(property=cast.loft).exists()


@pytest.mark.parametrize(
    ("primary", "text_on_it"),
    [("#0b3d91", LIGHT_TEXT), ("#000000", LIGHT_TEXT), ("#ffff00", DARK_TEXT), ("#ffffff", DARK_TEXT)],
)
def test_the_preview_picks_readable_text_for_the_primary_colour(cast, client_for, primary, text_on_it):
    response = client_for(cast.manager).post(PREVIEW_URL, _brand(primary=primary), headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="preview"')
    assert "<html" not in html
    assert _preview_vars(html)["brand"] == primary
    assert _preview_vars(html)["brand-contrast"] == text_on_it


def test_the_preview_uses_the_chosen_font_and_accent(cast, client_for):
    html = client_for(cast.manager).post(PREVIEW_URL, _brand(accent="#ffff00", font="mono"), headers=HTMX)
    preview = _preview_vars(html.content.decode())

    assert preview["accent"] == "#ffff00"
    assert preview["accent-contrast"] == DARK_TEXT
    assert "monospace" in preview["font"]


def test_the_preview_warns_about_a_light_primary_colour(cast, client_for):
    response = client_for(cast.manager).post(PREVIEW_URL, _brand(primary="#ffff00"), headers=HTMX)

    assertContains(response, "This colour is light")


@pytest.mark.parametrize("colour", ["red", "", "#zzzzzz", "javascript:alert(1)"])
def test_the_preview_falls_back_to_the_default_for_an_invalid_colour(cast, client_for, colour):
    response = client_for(cast.manager).post(PREVIEW_URL, _brand(primary=colour, font="nope"), headers=HTMX)

    assert response.status_code == 200
    preview = _preview_vars(response.content.decode())
    assert preview["brand"] == "#1a6b5c"
    assert preview["brand-contrast"] == LIGHT_TEXT
    assert "system-ui" in preview["font"]


def test_the_preview_saves_nothing(cast, client_for):
    client_for(cast.manager).post(PREVIEW_URL, _brand(), headers=HTMX)

    assert not Brand.objects.exists()
