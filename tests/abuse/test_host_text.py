"""Text a host writes (guide sections, agreements) is filled by names only, in bounded size, never a 500.

Finding: `{property_name:>4000000000000000000}` in a guide section made the public guide answer 500
(MemoryError) for anyone; in an agreement it broke the builder and the guest's agreement step.
"""

import pytest
from django.urls import reverse

from gorently.placeholders import MAX_FILLED, fill_placeholders
from properties.models import Visibility
from reservations.checkin.models import FormField
from reservations.checkin.services.submissions import start_checkin
from tests.factories import GuideSectionFactory

pytestmark = pytest.mark.django_db

HUGE = "{property_name:>4000000000000000000} and {property_name:>20000000}"


def test_a_format_spec_in_a_public_guide_section_is_shown_as_written(client, cast):
    GuideSectionFactory(property=cast.villa, visibility=Visibility.ALWAYS, body={"en": HUGE})

    response = client.get(reverse("guide:public", args=[cast.villa.guide_token]))

    assert response.status_code == 200
    assert len(response.content) < 50_000
    assert "{property_name:&gt;4000000000000000000}" in response.content.decode()


def _agreement_with(form, text):
    field = FormField.objects.get(form=form, key="rental_agreement")
    field.agreement_text = {"en": text}
    field.save()


def test_a_format_spec_in_an_agreement_breaks_neither_the_builder_nor_the_guests_step(client, client_for, cast):
    _agreement_with(cast.form, HUGE)
    submission = start_checkin(reservation=cast.villa_reservation, language="en")
    submission.step = "agreement"  # the guest got this far
    submission.save()

    builder = client_for(cast.owner).get(reverse("checkin:form_builder", args=[cast.form.pk]))
    step = client.get(reverse("portal:step", args=[cast.villa_reservation.portal_token, "agreement"]))

    for response in (builder, step):
        assert response.status_code == 200
        assert len(response.content) < 200_000
        assert "{property_name:&gt;20000000}" in response.content.decode()


def test_however_many_placeholders_a_text_holds_the_filled_text_stays_small():
    text = "{property_address}" * 50_000
    address = "A" * 255

    filled = fill_placeholders(text, {"property_address": address})

    assert len(filled) <= len(text) + MAX_FILLED * len(address)


def test_the_guide_editor_names_an_unknown_placeholder_and_saves_nothing(client_for, cast):
    section = GuideSectionFactory(property=cast.villa, body={"en": "Welcome"})
    data = {"kind": section.kind, "icon": section.icon, "visibility": section.visibility}
    data |= {"unlock_hours_before": "24", "title_en": "Arrival", "body_en": "The code is {door_cod}."}

    response = client_for(cast.owner).post(reverse("properties:guide_section_edit", args=[section.pk]), data)

    assert response.status_code == 400
    assert "Unknown placeholder {door_cod}" in response.content.decode()
    section.refresh_from_db()
    assert section.body == {"en": "Welcome"}


def test_the_builder_names_an_unknown_placeholder_in_an_agreement(client_for, cast):
    field = cast.form.fields.get(key="rental_agreement")
    data = {"type": "agreement", "key": field.key, "scope": field.scope, "label_en": "I accept", "max_file_mb": "10"}
    data |= {"required": "on", "agreement_en": "I, {guest}, accept."}

    response = client_for(cast.owner).post(reverse("checkin:field_edit", args=[cast.form.pk, field.pk]), data)

    assert response.status_code == 400
    assert "Unknown placeholder {guest}" in response.content.decode()
    field.refresh_from_db()
    assert "{guest}" not in field.agreement_text["en"]
