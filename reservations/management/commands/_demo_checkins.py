"""Demo check-ins filled through the real services: answers, ID photos and signatures drawn on the fly."""

import base64
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from PIL import Image, ImageDraw

from reservations.checkin.selectors import submission_of
from reservations.checkin.services import submissions as services
from reservations.checkin.steps import document_slots

NATIONALITY = {"en": "GB", "es": "ES", "fr": "FR", "de": "DE", "it": "IT", "pt": "PT"}


def _id_card(name, number):
    image = Image.new("RGB", (640, 400), (226, 236, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 616, 376), outline=(40, 70, 110), width=4)
    draw.rectangle((48, 90, 208, 300), fill=(160, 176, 196))
    draw.text((240, 100), "DEMO IDENTITY CARD", fill=(40, 70, 110))
    draw.text((240, 150), name, fill=(0, 0, 0))
    draw.text((240, 200), number, fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


def _signature():
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(
        [(40, 140), (120, 60), (180, 150), (260, 70), (330, 140), (420, 90), (540, 120)],
        fill=(17, 17, 17, 255),
        width=4,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _person(reservation, index, names, rng):
    first, last = names[index]
    answers = {
        "f-first_name": first,
        "f-last_name": last,
        "f-nationality": NATIONALITY.get(reservation.guest_language, "GB"),
        "f-date_of_birth": f"{rng.randint(1960, 2004)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "f-document_type": "passport",
        "f-document_number": f"P{rng.randint(1000000, 9999999)}",
    }
    if index == 0:
        answers |= {"f-email": reservation.guest_email, "f-phone": str(reservation.guest_phone)}
    return answers


def fill(reservation, *, companions, complete, completed_at, rng):
    """Check the party in (or stop after the main guest) unless the reservation already has a check-in."""
    if submission_of(reservation) is not None:
        return
    language = reservation.guest_language
    submission = services.start_checkin(reservation=reservation, language=language)
    first, _, last = reservation.guest_name.rpartition(" ")
    names = [(first, last)] + [(name, last) for name in companions]
    names += [(f"Guest{n}", last) for n in range(len(names), reservation.guests_count)]
    people = {}
    for step in services.steps_of(submission):
        data, files = MultiValueDict(), MultiValueDict()
        if step.slug == "details":
            data.update({"party_size": str(submission.party_size), "f-arrival_time": f"{rng.randint(14, 21)}:30"})
        elif step.guest_index is not None:
            people[step.guest_index] = _person(reservation, step.guest_index, names, rng)
            data.update(people[step.guest_index])
        elif step.slug == "documents":
            for guest_index, spec in document_slots(submission.form_version.specs, submission.party_size):
                person = people.get(guest_index or 0, {})
                photo = _id_card(
                    f"{person.get('f-first_name')} {person.get('f-last_name')}", person.get("f-document_number", "")
                )
                name = services.document_input(guest_index, spec.key, "front")
                files[name] = SimpleUploadedFile("id.jpg", photo, content_type="image/jpeg")
        elif step.slug == "agreement":
            data.update({"f-rental_agreement": "yes", "sig-signature": _signature()})
        else:
            continue
        errors = services.save_step(submission=submission, step=step, data=data, files=files, language=language)
        if errors:
            raise RuntimeError(f"Demo check-in of {reservation} failed at {step.slug}: {errors}")
        if not complete and step.guest_index == 0:
            return
    services.submit_checkin(submission=submission, notify=False)
    submission.refresh_from_db()
    submission.submitted_at = completed_at
    submission.save(update_fields=["submitted_at"])
    reservation.refresh_from_db()
    reservation.checkin_completed_at = completed_at
    reservation.save(update_fields=["checkin_completed_at"])
