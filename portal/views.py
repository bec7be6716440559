"""The guest portal: a reservation's private pages, reached by its secret link."""

import logging
import posixpath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gorently.encrypted_files import UnreadableFile
from gorently.forms import error_text
from gorently.translations import active_language
from portal.access import guest_checkin, guest_portal
from portal.calendar import stay_event
from portal.extras import extras_teaser
from properties.selectors import branding_of, guide_for, has_guide
from reservations.checkin.fields import FieldType
from reservations.checkin.models import DOCUMENT_SIDES, DocumentKind
from reservations.checkin.questions import agreement_values, document_field, question, signature_pad
from reservations.checkin.selectors import (
    MAIN_GUEST_KEYS,
    documents_of,
    guest_document,
    known_main_guest_answers,
    submission_of,
    typed_signatures_of,
)
from reservations.checkin.services import submissions as services
from reservations.checkin.steps import document_slots, fields_for, signature_fields
from reservations.checkin.summary import summary_of
from reservations.models import CheckinStatus
from reservations.selectors import portal_expires_on, stay_of

logger = logging.getLogger(__name__)
# What the guest's browser may show of their own files: photos. PDFs are only named, never opened here.
SHOWN_TYPES = {"image/jpeg", "image/png", "image/webp"}


def _context(reservation, **extra):
    return {"reservation": reservation, **branding_of(reservation.property), **extra}


@guest_portal
def home(request, reservation):
    submission = submission_of(reservation)
    context = _context(
        reservation,
        submission=submission,
        expires_on=portal_expires_on(reservation),
        has_guide=has_guide(reservation.property),
        directions_url=reservation.property.directions_url,
        extras=extras_teaser(reservation),
    )
    return render(request, "portal/home.html", context)


@guest_portal
def calendar(request, reservation):
    """The stay as a calendar event the guest adds with one tap."""
    portal_url = request.build_absolute_uri(reverse("portal:home", args=[reservation.portal_token]))
    body = stay_event(reservation, portal_url=portal_url, domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stay-{reservation.confirmation_code}.ics"'
    return response


@guest_portal
def guide(request, reservation):
    """The house guide as this guest may see it now: locked sections say what unlocks them."""
    sections = guide_for(reservation.property, stay=stay_of(reservation), language=active_language())
    complete = reservation.checkin_status == CheckinStatus.COMPLETED
    checkin_url = "" if complete else reverse("portal:start", args=[reservation.portal_token])
    context = _context(reservation, sections=sections, checkin_url=checkin_url)
    return render(request, "portal/guide.html", context)


def _step_url(reservation, slug):
    return reverse("portal:step", args=[reservation.portal_token, slug])


@guest_portal
def start(request, reservation):
    """Open (or resume) the check-in where the guest left off."""
    try:
        submission = services.start_checkin(reservation=reservation, language=active_language(), request=request)
    except ValidationError as error:  # the host has no check-in form yet
        context = _context(reservation, title=_("Online check-in"), message=error_text(error))
        return render(request, "portal/message.html", context, status=409)
    if submission.is_submitted:
        return redirect("portal:done", token=reservation.portal_token)
    return redirect(_step_url(reservation, submission.step or "details"))


def _guest_name(submission, index):
    guests = submission.answers.get("guests", [])
    answers = guests[index] if index is not None and index < len(guests) else {}
    return " ".join(filter(None, [answers.get("first_name"), answers.get("last_name")]))


def _person_label(submission, index):
    """How a document group is titled: the guest's number, and their name once known."""
    if index is None:
        return _("For the reservation")
    number = _("Guest %(n)d") % {"n": index + 1}
    name = _guest_name(submission, index)
    return f"{number} · {name}" if name else number


def _questions(submission, step, errors, data, reservation):
    if step.guest_index is not None:
        guests = submission.answers.get("guests", [])
        saved = guests[step.guest_index] if step.guest_index < len(guests) else {}
    else:
        saved = submission.answers.get("reservation", {})
    specs = fields_for(step, submission.form_version.specs)
    known = {}
    if step.guest_index == 0 and data is None and any(s.key in MAIN_GUEST_KEYS and s.key not in saved for s in specs):
        known = known_main_guest_answers(reservation)  # what the host entered, never over the guest's own answer
    questions = []
    language, agreement = active_language(), agreement_values(reservation)  # the same for every question
    for spec in specs:
        name = "f-" + spec.key
        if data is not None:
            value = data.getlist(name) if spec.type == FieldType.MULTICHOICE else data.get(name, "")
        elif spec.key in saved:
            value = saved.get(spec.key)
        else:
            value = known.get(spec.key) if spec.key in MAIN_GUEST_KEYS else None
        questions.append(
            question(
                spec,
                name=name,
                value=value,
                error=errors.get(name),
                language=language,
                agreement=agreement,
            )
        )
    return questions


def _document_url(reservation, document):
    return reverse("portal:document", args=[reservation.portal_token, document.pk])


def _shown_filename(upload):
    """The name of a file the guest sent, short enough for a message (it is escaped like any text)."""
    name = posixpath.basename(str(getattr(upload, "name", "") or "").replace("\\", "/"))
    return name if len(name) <= 60 else name[:28] + "…" + name[-28:]


def _document_groups(submission, errors, filenames=None):
    reservation = submission.reservation
    documents = documents_of(submission)
    groups = {}
    for guest_index, spec in document_slots(submission.form_version.specs, submission.party_size):
        names = {kind: services.document_input(guest_index, spec.key, kind) for kind in DOCUMENT_SIDES}
        files = {}
        for kind in DOCUMENT_SIDES:
            document = documents.get((guest_index, spec.key, kind))
            if document is not None:
                files[kind] = {
                    "url": _document_url(reservation, document),
                    "is_image": document.content_type in SHOWN_TYPES,
                    "remove_url": reverse("portal:remove_document", args=[reservation.portal_token, document.pk]),
                }
        groups.setdefault(guest_index, {"title": _person_label(submission, guest_index), "fields": []})
        groups[guest_index]["fields"].append(
            document_field(
                spec, names=names, language=active_language(), errors=errors, files=files, filenames=filenames
            )
        )
    return list(groups.values())


def _signatures(submission, errors, data):
    reservation = submission.reservation
    documents = documents_of(submission)
    typed = typed_signatures_of(submission)
    pads = []
    for spec in signature_fields(submission.form_version.specs):
        name = services.signature_input(spec.key)
        drawn = documents.get((None, spec.key, DocumentKind.SIGNATURE))
        stored = typed.get(spec.key)
        if data is not None and services.typed_signature_input(spec.key) in data:
            typed_name, mode = data.get(services.typed_signature_input(spec.key), ""), "type"
        else:
            typed_name, mode = (stored.name, "type") if stored else ("", "draw")
        pads.append(
            signature_pad(
                spec,
                name=name,
                language=active_language(),
                signed=drawn is not None or stored is not None,
                error=errors.get(name),
                typed=typed_name,
                drawn_url=_document_url(reservation, drawn) if drawn is not None else "",
                mode=mode,
                typed_first=True,
            )
        )
    return pads


def _open_step(reservation, slug):
    """(submission, steps, the step) when the guest may open step `slug` now, else the redirect to where they may."""
    submission = submission_of(reservation)
    if submission is None:
        return redirect("portal:start", token=reservation.portal_token)
    if submission.is_submitted:
        return redirect("portal:done", token=reservation.portal_token)
    steps = services.steps_of(submission)
    slugs = [s.slug for s in steps]
    if slug not in slugs:
        raise Http404
    reached = slugs.index(submission.step) if submission.step in slugs else 0
    if slugs.index(slug) > reached:
        return redirect(_step_url(reservation, slugs[reached]))
    return submission, steps, steps[slugs.index(slug)]


@guest_checkin
def step(request, reservation, slug):
    opened = _open_step(reservation, slug)
    if isinstance(opened, HttpResponse):
        return opened
    submission, steps, current = opened
    slugs = [s.slug for s in steps]

    errors, data = {}, None
    if request.method == "POST":
        if current.slug == "review":
            return _submit(request, reservation, submission)
        errors = services.save_step(
            submission=submission,
            step=current,
            data=request.POST,
            files=request.FILES,
            language=active_language(),
            request=request,
        )
        if not errors:
            # The next step depends on the party size the step may have changed: save_step left it here.
            after = [s.slug for s in services.steps_of(submission)]
            return redirect(_step_url(reservation, after[min(after.index(current.slug) + 1, len(after) - 1)]))
        data = request.POST  # the submission holds the files and signatures kept despite the errors
    index = slugs.index(slug)
    questions = _questions(submission, current, errors, data, reservation)
    filenames = {name: _shown_filename(upload) for name, upload in request.FILES.items()}
    document_groups = _document_groups(submission, errors, filenames) if current.slug == "documents" else []
    signatures = _signatures(submission, errors, data) if current.slug == "agreement" else []
    context = _context(
        reservation,
        submission=submission,
        step=current,
        steps=steps,
        number=index + 1,
        total=len(steps),
        previous=steps[index - 1] if index else None,
        errors=errors,
        questions=questions,
        error_list=_error_list(errors, questions, document_groups, signatures),
        person=_guest_name(submission, current.guest_index) if current.guest_index is not None else "",
        party_size=data.get("party_size") if data is not None else submission.party_size,
        max_guests=reservation.property.max_guests,
        party_fixed=not reservation.organization.guests_may_change_party,
        document_groups=document_groups,
        signatures=signatures,
        summary=summary_of(submission, active_language()) if current.slug == "review" else [],
    )
    return render(request, "portal/step.html", context, status=400 if errors else 200)


def _error_list(errors, questions, document_groups, signatures):
    """(anchor, label, message) for the error summary, in page order; a refused file is named."""
    labels = {"party_size": _("Guests")}
    labels |= {q["name"]: q["label"] for q in questions}
    labels |= {s["name"]: s["label"] for s in signatures}
    for group in document_groups:
        for field in group["fields"]:
            for side in field["sides"]:
                label = f"{group['title']} · {field['label']} ({side['label']})"
                labels[side["name"]] = f"{label} · {side['filename']}" if side["filename"] else label
    return [("id_" + name, labels.get(name, ""), message) for name, message in errors.items()]


# --- The documents step's files, one at a time ------------------------------------------------------


def _wants_tile(request):
    """The portal's script asks for the file's tile alone; a plain form gets the documents step."""
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _tiles(request, submission, names, errors=None, filenames=None):
    """The upload tiles of the inputs `names`, as the documents step draws them (what the script swaps in)."""
    sides = [
        (field, side)
        for group in _document_groups(submission, errors or {}, filenames)
        for field in group["fields"]
        for side in field["sides"]
        if side["name"] in names
    ]
    html = "".join(
        render_to_string("checkin/_document_side.html", {"field": field, "side": side}, request=request)
        for field, side in sides
    )
    return HttpResponse(html, status=400 if errors else 200)


@guest_checkin
@require_POST
def upload(request, reservation):
    """Keep the files sent (the script sends each as soon as it is picked); answer with their tiles."""
    opened = _open_step(reservation, "documents")
    if isinstance(opened, HttpResponse):
        return opened
    submission = opened[0]
    errors = services.keep_documents(submission=submission, files=request.FILES)
    if not _wants_tile(request):
        return redirect(_step_url(reservation, "documents"))
    submission.refresh_from_db()
    filenames = {name: _shown_filename(upload) for name, upload in request.FILES.items()}
    response = _tiles(request, submission, set(request.FILES), errors, filenames)
    if not response.content:  # no file for any of this check-in's inputs
        response.status_code = 400
    return response


@guest_checkin
@require_POST
def remove_document(request, reservation, document_id):
    """The guest takes back a photo or PDF they uploaded; 404 for anything but their own front or back."""
    opened = _open_step(reservation, "documents")
    if isinstance(opened, HttpResponse):
        return opened
    submission = opened[0]
    document = guest_document(submission, document_id, kinds=DOCUMENT_SIDES)
    name = services.document_input(document.guest_index, document.field_key, document.kind)
    services.remove_document(submission=submission, document=document)
    if not _wants_tile(request):
        return redirect(_step_url(reservation, "documents"))
    return _tiles(request, submission, {name})


@guest_portal
@require_safe
def document(request, reservation, document_id):
    """A photo of the guest's own check-in (a document's thumbnail, their drawn signature), decrypted.

    Only this link's check-in, only images; never stored by the browser (the gate adds
    `Cache-Control: no-store, private` to every portal page, and this says it too).
    """
    submission = submission_of(reservation)
    if submission is None:
        raise Http404
    document = guest_document(submission, document_id)
    if document.content_type not in SHOWN_TYPES:
        raise Http404
    try:
        content = document.read()
    except FileNotFoundError:
        raise Http404 from None
    except UnreadableFile:
        logger.error("Guest document %s cannot be decrypted with FIELD_ENCRYPTION_KEY.", document.pk)
        raise Http404 from None
    response = HttpResponse(content, content_type=document.content_type)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def _submit(request, reservation, submission):
    try:
        services.submit_checkin(submission=submission, request=request)
    except services.IncompleteCheckin as missing:
        messages.error(request, _("Something is still missing. Please complete this step."))
        return redirect(_step_url(reservation, missing.step))
    return redirect("portal:done", token=reservation.portal_token)


@guest_checkin
def done(request, reservation):
    submission = submission_of(reservation)
    if submission is None or not submission.is_submitted:
        return redirect("portal:home", token=reservation.portal_token)
    return render(
        request,
        "portal/done.html",
        _context(
            reservation,
            submission=submission,
            summary=summary_of(submission, active_language()),
            has_guide=has_guide(reservation.property),
        ),
    )
