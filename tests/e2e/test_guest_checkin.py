"""A guest checks in on a phone: the whole party, an ID photo, a drawn signature, a break halfway.

Run in English and in Spanish (the browser asks for the language; the portal follows it).
Labels come from the catalogues and the standard fields, so the test reads the page as the guest does.
Each file is sent as soon as it is picked and comes back as its thumbnail; a file that fails keeps
the others; and with JavaScript off, a guest still checks in, signing by typing their name.
Every guest step is kept as a screenshot in test-artifacts/screenshots/ (guest-checkin-*).
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from accounts.permissions import Role
from reservations.checkin.models import GuestDocument
from reservations.checkin.selectors import typed_signatures_of
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import start_checkin
from reservations.checkin.standard_fields import STANDARD_FIELDS
from reservations.models import CheckinStatus
from tests.checkins import MAIN_GUEST, OTHER_GUEST, document_uploads, save
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BROWSER_LOCALES = {"en": "en-GB", "es": "es-ES"}


def label(key, language):
    labels = STANDARD_FIELDS[key]["label"]
    return labels.get(language) or labels["en"]


def text(message, language):
    with translation.override(language):
        return translation.gettext(message)


def id_photo(name="passport.jpg", colour=(40, 90, 160)):
    """A photo of an ID card: a coloured card with a face box and lines of text."""
    image = Image.new("RGB", (856, 540), colour)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((40, 40, 816, 500), radius=30, outline=(255, 255, 255), width=6)
    draw.rectangle((80, 130, 300, 420), fill=(225, 230, 240))
    for top, width in ((150, 420), (230, 360), (310, 400), (390, 260)):
        draw.rectangle((350, top, 350 + width, top + 26), fill=(235, 240, 250))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def renamed_text_file(name="luis-id.jpg"):
    """A text file a phone's file picker offers under a photo's name."""
    return {"name": name, "mimeType": "image/jpeg", "buffer": b"my booking notes, not a photo at all"}


def release(page, held):
    """Let through the upload held back by page.route."""
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    page.unroute("**/checkin/documents/upload/")


def shot(page, name):
    page.screenshot(path=screenshot_path(f"guest-checkin-{name}"), full_page=True)


def tile(page, guest_index, side="front"):
    return page.locator(f"#id_doc-{guest_index}-document_photo-{side}-tile")


def camera(page, guest_index, side="front"):
    """The side's "Take a photo" input (visually hidden; its tile is the label)."""
    return page.locator(f"#id_doc-{guest_index}-document_photo-{side}")


def expect_thumbnail(page, guest_index, language="en"):
    thumbnail = tile(page, guest_index).get_by_role(
        "img", name=text("Your photo: %(side)s", language) % {"side": text("Front", language)}
    )
    expect(thumbnail).to_be_visible()
    # The picture itself, fetched as the page would (its cookies): waiting on the <img> in the page
    # needs the page's own scripting, which a guest without JavaScript does not have.
    photo = page.request.get(page.url.split("/g/")[0] + thumbnail.get_attribute("src"))
    assert photo.ok and photo.headers["content-type"].startswith("image/")


def fill_person(page, language, first, last, *, main):
    page.get_by_label(label("first_name", language)).fill(first)
    page.get_by_label(label("last_name", language)).fill(last)
    if main:
        page.get_by_label(label("email", language)).fill("ana@example.com")
        page.get_by_label(label("phone", language)).fill("+34 612 345 678")
    page.get_by_label(label("nationality", language)).select_option("ES")
    page.get_by_label(label("date_of_birth", language)).fill("1990-04-01")
    page.get_by_label(STANDARD_FIELDS["document_type"]["options"][0]["label"].get(language)).check()
    page.get_by_label(label("document_number", language)).fill("X1234567")


def next_step(page, language):
    page.get_by_role("button", name=text("Save and continue", language)).click()


@pytest.fixture
def stay():
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER)
    ensure_default_form(owner.organization)
    villa = PropertyFactory(organization=owner.organization, name="Villa Mar", max_guests=4)
    today = timezone.localdate(timezone=villa.tz)
    reservation = ReservationFactory(
        property=villa, guest_name="Ana García", guests_count=2, check_in=today + timedelta(days=5)
    )
    return owner, reservation


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_guest_checks_in_the_party_on_a_phone_and_the_host_sees_it(
    live_server, new_page, browser_problems, stay, language
):
    owner, reservation = stay
    link = f"{live_server.url}/g/{reservation.portal_token}/"
    locale = BROWSER_LOCALES[language]

    page = new_page("phone", locale=locale)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("link", name=text("Start check-in", language)).click()

    expect(page.get_by_label(text("How many guests are staying, including you?", language))).to_have_value("2")
    page.get_by_label(label("arrival_time", language)).fill("18:30")
    shot(page, f"{language}-details")
    next_step(page, language)

    # What the host entered is there already.
    expect(page.get_by_label(label("first_name", language))).to_have_value("Ana")
    expect(page.get_by_label(label("last_name", language))).to_have_value("García")
    shot(page, f"{language}-main-guest")

    # A mistake first: the error is announced at the top and at the field, and nothing moves on.
    fill_person(page, language, "Ana", "García", main=True)
    page.get_by_label(label("email", language)).fill("not-an-email")
    next_step(page, language)
    expect(page.get_by_role("alert")).to_contain_text(text("Enter an email address like name@example.com.", language))
    # That 400 was the point; any other problem still fails the test.
    browser_problems.items[:] = [item for item in browser_problems.items if "400" not in item]
    page.get_by_label(label("email", language)).fill("ana@example.com")
    next_step(page, language)
    expect(page.get_by_role("heading", level=1)).to_contain_text(text("Guest %(n)d", language) % {"n": 2})
    page.screenshot(path=screenshot_path(f"guest-checkin-{language}-halfway"), full_page=True)

    # The guest closes the phone and comes back later, on another device: the check-in resumes.
    page.context.close()
    page = new_page("phone", locale=locale)
    page.goto(link)
    page.get_by_role("link", name=text("Continue check-in", language)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(text("Guest %(n)d", language) % {"n": 2})
    fill_person(page, language, "Luis", "García", main=False)
    shot(page, f"{language}-guest-2")
    next_step(page, language)

    # The documents: each file goes as soon as it is picked, with its progress, and comes back as a thumbnail.
    # The first upload is held back for a moment (as a slow connection would) to look at the tile meanwhile.
    expect(page.locator("[data-upload]")).to_have_count(4)  # front and back for each guest
    shot(page, f"{language}-documents")
    held = []
    page.route("**/checkin/documents/upload/", lambda route: held.append(route))
    camera(page, 0).set_input_files(id_photo())
    expect(tile(page, 0).get_by_text(text("Uploading…", language))).to_be_visible()
    expect(page.get_by_role("button", name=text("Save and continue", language))).to_be_disabled()
    shot(page, f"{language}-documents-uploading")
    release(page, held)
    expect_thumbnail(page, 0, language)
    camera(page, 1).set_input_files(id_photo("luis.jpg", (150, 60, 60)))
    expect_thumbnail(page, 1, language)
    expect(page.get_by_role("button", name=text("Save and continue", language))).to_be_enabled()
    assert GuestDocument.objects.filter(submission__reservation=reservation, kind="front").count() == 2
    shot(page, f"{language}-documents-uploaded")
    next_step(page, language)

    page.get_by_label(label("rental_agreement", language)).check()
    canvas = page.locator("canvas")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + box["height"] / 2 + (-1) ** step * 15)
    page.mouse.up()
    shot(page, f"{language}-agreement")
    next_step(page, language)

    expect(page.get_by_text("Luis")).to_be_visible()
    expect(page.get_by_role("img", name=text("Your signature", language))).to_be_visible()
    shot(page, f"{language}-review")
    page.get_by_role("button", name=text("Send my check-in", language)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("You’re checked in", language))
    shot(page, f"{language}-done")

    reservation.refresh_from_db()
    assert reservation.checkin_status == CheckinStatus.COMPLETED
    assert GuestDocument.objects.filter(submission__reservation=reservation).count() == 3  # two IDs, a signature

    host = new_page("desktop")
    sign_in(host, live_server.url, owner.user.email, then=f"/reservations/{reservation.pk}/")
    panel = host.get_by_role("region", name="Online check-in")
    expect(panel).to_contain_text("Luis")
    expect(panel).to_contain_text("X1234567")
    expect(host.get_by_role("img", name="Guest signature")).to_be_visible()
    assert host.locator("img.signature-image").evaluate("img => img.naturalWidth") > 0
    host.screenshot(path=screenshot_path(f"guest-checkin-{language}-host"), full_page=True)
    assert browser_problems.items == []


def at_documents(reservation):
    """The check-in answered up to its documents, through the services (the steps before are tested above)."""
    submission = start_checkin(reservation=reservation, language="en")
    for slug, values in [("details", {"party_size": "2"}), ("guest-1", MAIN_GUEST), ("guest-2", OTHER_GUEST)]:
        assert save(submission, slug, values) == {}
    return submission


def test_a_file_that_fails_keeps_the_other_and_says_which_it_was(live_server, new_page, browser_problems, stay):
    _owner, reservation = stay
    submission = at_documents(reservation)
    page = new_page("phone")
    page.goto(f"{live_server.url}/g/{reservation.portal_token}/checkin/documents/")

    camera(page, 0).set_input_files(id_photo())
    expect_thumbnail(page, 0)
    # A text file renamed .jpg, chosen from the files rather than taken with the camera.
    page.locator("#id_doc-1-document_photo-front-file").set_input_files(renamed_text_file("luis-id.jpg"))
    failed = tile(page, 1)
    expect(failed).to_contain_text("luis-id.jpg")
    expect(failed).to_contain_text("This file is not a photo we can read. Upload a JPEG, PNG or PDF.")
    expect(page.get_by_role("status").filter(has_text="luis-id.jpg")).to_have_count(1)  # read out too
    expect_thumbnail(page, 0)  # the good one is still there
    expect(tile(page, 0)).not_to_contain_text("not a photo")
    shot(page, "en-documents-one-failed")

    # Continuing now names what is missing, and the good photo stays.
    next_step(page, "en")
    expect(page.get_by_role("alert")).to_contain_text("Add a photo of the front of the document.")
    expect_thumbnail(page, 0)
    shot(page, "en-documents-missing")

    # The guest removes the first photo after all, then sends both again.
    tile(page, 0).get_by_role("button", name="Remove").click()
    expect(tile(page, 0).get_by_text("Take a photo")).to_be_visible()
    assert not GuestDocument.objects.filter(submission=submission, guest_index=0).exists()
    camera(page, 0).set_input_files(id_photo())
    expect_thumbnail(page, 0)
    camera(page, 1).set_input_files(id_photo("luis.jpg", (150, 60, 60)))
    expect_thumbnail(page, 1)
    next_step(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreement")

    assert GuestDocument.objects.filter(submission=submission, kind="front").count() == 2
    # The refused file and the missing front answered 400, as they should; nothing else went wrong.
    assert [item for item in browser_problems.items if "400" not in item] == []


def test_a_guest_without_javascript_checks_in_and_signs_by_typing_their_name(
    live_server, new_page, browser_problems, stay
):
    _owner, reservation = stay
    page = new_page("phone", java_script_enabled=False)
    page.goto(f"{live_server.url}/g/{reservation.portal_token}/")
    page.get_by_role("link", name="Start check-in").click()
    shot(page, "nojs-details")
    next_step(page, "en")

    expect(page.get_by_label("First name")).to_have_value("Ana")  # as the host entered it
    fill_person(page, "en", "Ana", "García", main=True)
    next_step(page, "en")
    fill_person(page, "en", "Luis", "García", main=False)
    next_step(page, "en")

    # The plain form sends the photos picked, one good and one not: the good one is kept.
    camera(page, 0).set_input_files(id_photo())
    camera(page, 1).set_input_files(renamed_text_file("luis-id.jpg"))
    next_step(page, "en")
    expect(page.get_by_role("alert")).to_contain_text("luis-id.jpg")
    expect_thumbnail(page, 0)
    shot(page, "nojs-documents-one-failed")
    camera(page, 1).set_input_files(id_photo("luis.jpg", (150, 60, 60)))
    next_step(page, "en")

    # No canvas without JavaScript: the guest types their name to sign.
    expect(page.locator("canvas")).to_be_hidden()
    expect(page.get_by_role("radio", name="Draw")).to_be_hidden()
    page.get_by_label("Type your full name to sign").fill("Ana García")
    next_step(page, "en")  # the box unticked: asked again, the typed signature kept
    expect(page.get_by_role("alert")).to_contain_text("You need to accept the agreement to check in.")
    expect(page.get_by_label("Type your full name to sign")).to_have_value("Ana García")
    shot(page, "nojs-agreement")
    page.get_by_label(label("rental_agreement", "en")).check()
    next_step(page, "en")

    expect(page.locator(".typed-signature")).to_have_text("Ana García")
    shot(page, "nojs-review")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You’re checked in")
    shot(page, "nojs-done")

    reservation.refresh_from_db()
    assert reservation.checkin_status == CheckinStatus.COMPLETED
    assert typed_signatures_of(reservation.checkin)["signature"].name == "Ana García"
    assert [item for item in browser_problems.items if "400" not in item] == []


def test_the_guest_may_type_rather_than_draw_with_javascript(live_server, new_page, browser_problems, stay):
    _owner, reservation = stay
    submission = at_documents(reservation)
    save(submission, "documents", files=document_uploads(0, 1))
    page = new_page("phone")
    page.goto(f"{live_server.url}/g/{reservation.portal_token}/checkin/agreement/")

    expect(page.get_by_role("radio", name="Draw")).to_be_checked()
    expect(page.locator("canvas")).to_be_visible()
    expect(page.get_by_label("Type your full name to sign")).to_be_hidden()
    page.get_by_role("radio", name="Type").check()
    expect(page.locator("canvas")).to_be_hidden()
    page.get_by_label("Type your full name to sign").fill("Ana García")
    expect(page.locator("[data-sig-typed-preview]")).to_have_text("Ana García")
    page.get_by_label(label("rental_agreement", "en")).check()
    shot(page, "en-agreement-typed")
    next_step(page, "en")

    expect(page.locator(".typed-signature")).to_have_text("Ana García")
    submission.refresh_from_db()
    assert typed_signatures_of(submission)["signature"].name == "Ana García"
    assert browser_problems.items == []
