"""Shared guide sections: written once by an owner, shown in the guides of the properties they choose."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from properties.models import GuideSection
from tests.factories import GuidePlaceFactory, GuideSectionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _url(name, *args):
    return reverse(f"properties:{name}", args=args)


@pytest.fixture
def rules(cast):
    section = GuideSectionFactory(
        property=None,
        organization=cast.organization,
        kind="house_rules",
        title={"en": "House rules"},
        body={"en": "No parties."},
    )
    section.shared_with.set([cast.villa])
    return section


def _edit_data(section, **overrides):
    data = {
        "kind": section.kind,
        "icon": section.icon,
        "visibility": section.visibility,
        "unlock_hours_before": str(section.unlock_hours_before),
        "title_en": section.title["en"],
        "body_en": section.body.get("en", ""),
    }
    return data | overrides


def test_the_owner_sees_the_shared_sections_and_where_they_are_shown(rules, cast, client_for):
    GuideSectionFactory(property=cast.villa, title={"en": "Villa only"})

    response = client_for(cast.owner).get(_url("shared_guide"))

    assertContains(response, "<strong>House rules</strong>")
    assertContains(response, "In: Villa Mar")
    assertNotContains(response, "Villa only")
    assertContains(response, 'aria-current="page">Shared guide sections')


def test_the_nav_shows_shared_sections_to_owners_only(cast, client_for):
    assertContains(client_for(cast.owner).get(_url("list")), _url("shared_guide"))
    assertNotContains(client_for(cast.manager).get(_url("list")), _url("shared_guide"))


def test_managers_and_concierges_are_refused(rules, cast, client_for):
    for member in (cast.manager, cast.concierge):
        client = client_for(member)
        assert client.get(_url("shared_guide")).status_code == 403
        assert client.get(_url("shared_guide"), headers=HTMX).status_code == 403
        assert client.post(_url("shared_section_add"), {"kind": "emergency"}).status_code == 403
        assert client.get(_url("guide_section_edit", rules.pk)).status_code == 403
        assert client.post(_url("guide_section_edit", rules.pk), _edit_data(rules, title_en="X")).status_code == 403
        assert client.post(_url("guide_section_move", rules.pk), {"direction": "up"}).status_code == 403
        assert client.post(_url("guide_section_remove", rules.pk), headers=HTMX).status_code == 403
    rules.refresh_from_db()
    assert rules.title == {"en": "House rules"}


def test_another_accounts_shared_section_does_not_exist(rules, cast, client_for):
    client = client_for(cast.outsider)

    assert client.get(_url("guide_section_edit", rules.pk)).status_code == 404
    assert client.post(_url("guide_section_remove", rules.pk)).status_code == 404
    assertNotContains(client.get(_url("shared_guide")), "<strong>House rules</strong>")
    assert GuideSection.objects.filter(pk=rules.pk).exists()


def test_a_new_shared_section_is_shared_with_every_property(cast, client_for):
    response = client_for(cast.owner).post(_url("shared_section_add"), {"kind": "emergency"})

    section = GuideSection.objects.get(property=None)
    assertRedirects(
        response, _url("guide_section_edit", section.pk) + f"#section-{section.pk}", fetch_redirect_response=False
    )
    assert section.title == {"en": "Emergency contacts"}
    assert set(section.shared_with.all()) == {cast.villa, cast.loft}


def test_the_edit_form_offers_the_accounts_properties(rules, cast, client_for):
    response = client_for(cast.owner).get(_url("guide_section_edit", rules.pk))

    assertContains(response, 'name="shared_with"')
    assertContains(response, "Old Town Loft")
    assertNotContains(response, "Rival House")
    assertContains(response, 'aria-current="page">Shared guide sections')


def test_the_owner_edits_a_shared_section_and_chooses_its_properties(rules, cast, client_for):
    data = _edit_data(rules, title_en="Rules of the house", shared_with=[cast.loft.pk])

    response = client_for(cast.owner).post(_url("guide_section_edit", rules.pk), data, follow=True)

    assertRedirects(response, _url("shared_guide") + f"#section-{rules.pk}")
    rules.refresh_from_db()
    assert rules.title == {"en": "Rules of the house"}
    assert list(rules.shared_with.all()) == [cast.loft]


def test_another_accounts_property_cannot_be_chosen(rules, cast, client_for):
    data = _edit_data(rules, shared_with=[cast.outsider_property.pk])

    response = client_for(cast.owner).post(_url("guide_section_edit", rules.pk), data)

    assertContains(response, "Select a valid choice.", status_code=400)
    assert list(rules.shared_with.all()) == [cast.villa]


def test_shared_with_limits_which_property_guides_include_it(rules, cast, client_for):
    client = client_for(cast.owner)

    villa = client.get(_url("guide", cast.villa.pk))
    loft = client.get(_url("guide", cast.loft.pk))

    assertContains(villa, "<strong>House rules</strong>")
    assertContains(villa, "No parties.")  # in the preview
    assertNotContains(loft, "<strong>House rules</strong>")
    assertNotContains(loft, "No parties.")


def test_in_a_property_guide_a_shared_section_is_marked_and_not_editable_there(rules, cast, client_for):
    manager = client_for(cast.manager).get(_url("guide", cast.villa.pk))

    assertContains(manager, "Shared — edited by the account owner")
    assertNotContains(manager, _url("guide_section_remove", rules.pk))
    assertNotContains(manager, _url("guide_section_move", rules.pk))

    owner = client_for(cast.owner).get(_url("guide", cast.villa.pk))
    assertContains(owner, "Shared — edit in shared sections")
    assertContains(owner, f'href="{_url("guide_section_edit", rules.pk)}"')
    assertNotContains(owner, _url("guide_section_remove", rules.pk))


def test_shared_sections_move_among_themselves(rules, cast, client_for):
    second = GuideSectionFactory(property=None, organization=cast.organization, title={"en": "Emergencies"})
    rules.position, second.position = 1, 2
    rules.save()
    second.save()

    response = client_for(cast.owner).post(_url("guide_section_move", second.pk), {"direction": "up"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.index("<strong>Emergencies<") < html.index("<strong>House rules<")


def test_a_shared_section_is_removed(rules, cast, client_for):
    response = client_for(cast.owner).post(_url("guide_section_remove", rules.pk))

    assertRedirects(response, _url("shared_guide"), fetch_redirect_response=False)
    assert not GuideSection.objects.filter(pk=rules.pk).exists()


def test_a_shared_recommendations_section_has_places(cast, client_for):
    tips = GuideSectionFactory(property=None, organization=cast.organization, kind="recommendations")
    place = GuidePlaceFactory(section=tips, name="Mercado Central")

    response = client_for(cast.owner).get(_url("guide_section_edit", tips.pk))
    assertContains(response, "Mercado Central")

    client_for(cast.owner).post(_url("guide_place_add", tips.pk), {"name": "Playa"})
    assert sorted(tips.places.values_list("name", flat=True)) == ["Mercado Central", "Playa"]
    assert client_for(cast.manager).post(_url("guide_place_remove", tips.pk, place.pk)).status_code == 403


def test_the_preview_shows_the_guide_of_the_chosen_property(rules, cast, client_for):
    client = client_for(cast.owner)

    villa = client.get(_url("shared_guide_preview"), {"property": cast.villa.pk}, headers=HTMX)
    loft = client.get(_url("shared_guide_preview"), {"property": cast.loft.pk}, headers=HTMX)
    foreign = client.get(_url("shared_guide_preview"), {"property": cast.outsider_property.pk}, headers=HTMX)

    assert "<html" not in villa.content.decode()
    assert "No parties." in villa.content.decode()
    assert "No parties." not in loft.content.decode()
    assert "Rival House" not in foreign.content.decode()


def test_a_blank_english_title_is_refused(rules, cast, client_for):
    response = client_for(cast.owner).post(_url("guide_section_edit", rules.pk), _edit_data(rules, title_en=" "))

    assertContains(response, "This field is required.", status_code=400)
    rules.refresh_from_db()
    assert rules.title == {"en": "House rules"}
