"""Signing the agreement: drawn on the canvas (with JavaScript) or typed as the guest's full name (with or without).

A signature is kept as soon as it is accepted, so an unticked box or another mistake on the step
never wipes it; the page then shows the signature kept. Without JavaScript the typed signature is
what the page offers, and it completes a check-in with nothing but plain form posts.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from reservations.checkin.fields import FieldScope, FieldSpec, FieldType
from reservations.checkin.models import GuestDocument
from reservations.checkin.questions import signature_pad
from reservations.checkin.selectors import typed_signatures_of
from reservations.models import CheckinStatus
from tests.checkins import MAIN_GUEST, OTHER_GUEST, png_bytes, signature_data_url

SIGN_OR_TYPE = "Sign with your finger or mouse, or type your full name."
ACCEPT = "You need to accept the agreement to check in."


def url(reservation, name, *args):
    return reverse(f"portal:{name}", args=[reservation.portal_token, *args])


def photo(name):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def check_in_up_to_the_agreement(client, reservation):
    """The guest's plain form posts, as a browser without JavaScript sends them."""
    client.get(url(reservation, "start"))
    posts = [
        ("details", {"party_size": "2", "f-arrival_time": "17:30"}),
        ("guest-1", MAIN_GUEST),
        ("guest-2", OTHER_GUEST),
        ("documents", {f"doc-{g}-document_photo-front": photo(f"id{g}.png") for g in (0, 1)}),
    ]
    for slug, data in posts:
        response = client.post(url(reservation, "step", slug), data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])


@pytest.fixture
def agreement(client, portal):
    check_in_up_to_the_agreement(client, portal)
    return portal


def test_without_javascript_the_page_offers_the_typed_signature(client, agreement):
    html = client.get(url(agreement, "step", "agreement")).content.decode()

    assert '<label class="sig-type-label" for="id_sig-signature-typed">Type your full name to sign</label>' in html
    assert '<div class="sig-type" data-sig-type>' in html  # shown
    assert '<div class="sig-draw" data-signature hidden>' in html  # the canvas waits for the script
    assert '<fieldset class="sig-modes" data-sig-modes hidden>' in html  # so does the choice of Draw or Type


def test_a_check_in_is_completed_without_javascript_with_a_typed_signature(client, agreement):
    response = client.post(
        url(agreement, "step", "agreement"),
        {"f-rental_agreement": "yes", "sig-signature-typed": "Anastasia García", "sig-signature": ""},
        REMOTE_ADDR="198.51.100.40",
    )
    assert response["Location"] == url(agreement, "step", "review")

    review = client.get(url(agreement, "step", "review")).content.decode()
    assert '<p class="typed-signature">Anastasia García</p>' in review

    response = client.post(url(agreement, "step", "review"))
    assert response["Location"] == url(agreement, "done")
    agreement.refresh_from_db()
    assert agreement.checkin_status == CheckinStatus.COMPLETED
    signature = typed_signatures_of(agreement.checkin)["signature"]
    assert (signature.name, signature.signed_from) == ("Anastasia García", "198.51.100.40")
    assert '<p class="typed-signature">Anastasia García</p>' in client.get(url(agreement, "done")).content.decode()


def test_a_drawn_signature_survives_an_unticked_box_and_is_shown_kept(client, agreement):
    response = client.post(url(agreement, "step", "agreement"), {"sig-signature": signature_data_url()})

    assert response.status_code == 400
    html = response.content.decode()
    assert ACCEPT in html
    signature = GuestDocument.objects.get(submission__reservation=agreement, kind="signature")
    assert f'<img src="{url(agreement, "document", signature.pk)}" alt="Your signature">' in html
    assert "✓ signed" in html
    # Ticking the box and sending again is enough.
    response = client.post(url(agreement, "step", "agreement"), {"f-rental_agreement": "yes", "sig-signature": ""})
    assert response["Location"] == url(agreement, "step", "review")
    assert client.get(url(agreement, "document", signature.pk)).status_code == 200


def test_a_typed_signature_survives_an_unticked_box_and_stays_in_its_field(client, agreement):
    response = client.post(url(agreement, "step", "agreement"), {"sig-signature-typed": "Anastasia García"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Anastasia García"' in html
    assert 'data-mode="type"' in html  # the script opens on Type, not on an empty canvas
    assert typed_signatures_of(agreement.checkin)["signature"].name == "Anastasia García"


def test_a_missing_signature_is_asked_for_and_the_ticked_box_stays_ticked(client, agreement):
    response = client.post(url(agreement, "step", "agreement"), {"f-rental_agreement": "yes"})

    assert response.status_code == 400
    html = response.content.decode()
    assert SIGN_OR_TYPE in html
    assert '<a href="#id_sig-signature">Signature: ' in html
    assert 'id="id_sig-signature"' in html
    assert 'value="yes" checked' in html


def test_a_signature_image_is_served_to_its_own_guest_only(client, agreement, cast):
    client.post(
        url(agreement, "step", "agreement"), {"f-rental_agreement": "yes", "sig-signature": signature_data_url()}
    )
    signature = GuestDocument.objects.get(submission__reservation=agreement, kind="signature")

    response = client.get(url(agreement, "document", signature.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]

    stranger = Client()
    assert stranger.get(url(cast.loft_reservation, "document", signature.pk)).status_code == 404


def test_the_builder_preview_shows_the_canvas_first_as_a_guest_with_javascript_sees_it():
    spec = FieldSpec(key="signature", type=FieldType.SIGNATURE, scope=FieldScope.RESERVATION, label={"en": "Signature"})
    html = render_to_string(
        "checkin/_signature.html", {"sig": signature_pad(spec, name="preview-signature", language="en")}
    )

    assert '<div class="sig-draw" data-signature>' in html
    assert '<div class="sig-type" data-sig-type hidden>' in html
    assert '<fieldset class="sig-modes" data-sig-modes>' in html
