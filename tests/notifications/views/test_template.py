"""One message's wording per event and language, with a preview on a sample stay."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from notifications.models import MessageTemplate

pytestmark = pytest.mark.django_db


def url(event="checkin_reminder", language="en"):
    return reverse("notifications:template", args=[event, language])


def test_the_default_wording_is_offered(cast, client_for):
    response = client_for(cast.owner).get(url())

    assert response.status_code == 200
    assertContains(response, "Preview")


def test_preview_fills_placeholders_without_saving(cast, client_for):
    response = client_for(cast.owner).post(
        url(), {"subject": "Hi", "body": "Welcome to {property_name}", "content_sid": "", "preview": "1"}
    )

    assertContains(response, "Welcome to ")
    assert not MessageTemplate.objects.exists()


def test_saving_with_a_whatsapp_template(cast, client_for):
    sid = "HX" + "a" * 32
    client_for(cast.owner).post(
        url(), {"subject": "", "body": "Hi {guest_name}", "content_sid": sid, "variables": "guest_name, {portal_link}"}
    )

    template = MessageTemplate.objects.get(organization=cast.organization)
    assert (template.content_sid, template.content_variables) == (sid, ["guest_name", "portal_link"])


def test_a_variable_must_be_a_known_placeholder(cast, client_for):
    sid = "HX" + "a" * 32
    response = client_for(cast.owner).post(
        url(), {"subject": "", "body": "Hi", "content_sid": sid, "variables": "guest_name, portal_lnk"}
    )

    assertContains(response, "Unknown placeholder: portal_lnk", status_code=400)
    assert not MessageTemplate.objects.exists()


def test_a_bad_content_sid_is_refused(cast, client_for):
    response = client_for(cast.owner).post(url(), {"body": "Hi", "content_sid": "nope"})

    assertContains(response, "starts with HX", status_code=400)


@pytest.mark.parametrize("event, language", [("manual", "en"), ("nonsense", "en"), ("checkin_reminder", "xx")])
def test_unknown_event_or_language_is_404(cast, client_for, event, language):
    assert client_for(cast.owner).get(url(event, language)).status_code == 404
