"""The guest portal: a reservation's private pages, reached by its secret link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gorently.forms import error_text
from portal.access import guest_portal
from portal.calendar import stay_event
from properties.selectors import branding_of, guide_for, sections_of
from reservations.checkin.fields import FieldType
from reservations.checkin.models import DOCUMENT_SIDES, DocumentKind
from reservations.checkin.questions import agreement_values, document_field, question, signature_pad
from reservations.checkin.selectors import documents_of, submission_of
from reservations.checkin.services import submissions as services
from reservations.checkin.steps import document_slots, fields_for, signature_fields
from reservations.checkin.summary import summary_of
from reservations.models import CheckinStatus
from reservations.selectors import portal_expires_on, stay_of


def _language():
    return (get_language() or "en").split("-")[0]


def _context(reservation, **extra):
    return {"reservation": reservation, **branding_of(reservation.property), **extra}


@guest_portal
def home(request, reservation):
    submission = submission_of(reservation)
    context = _context(
        reservation,
        submission=submission,
        expires_on=portal_expires_on(reservation),
        has_guide=sections_of(reservation.property).exists(),
        directions_url=reservation.property.directions_url,
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
    sections = guide_for(reservation.property, stay=stay_of(reservation), language=_language())
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
        submission = services.start_checkin(reservation=reservation, language=_language(), request=request)
    except ValidationError as error:  # the host has no check-in form yet
        context = _context(reservation, title=_("Online check-in"), message=error_text(error))
        return render(request, "portal/error.html", context, status=409)
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
    questions = []
    for spec in fields_for(step, submission.form_version.specs):
        name = "f-" + spec.key
        if data is not None:
            value = data.getlist(name) if spec.type == FieldType.MULTICHOICE else data.get(name, "")
        else:
            value = saved.get(spec.key)
        questions.append(
            question(
                spec,
                name=name,
                value=value,
                error=errors.get(name),
                language=_language(),
                agreement=agreement_values(reservation),
            )
        )
    return questions


def _document_groups(submission, errors):
    documents = documents_of(submission)
    groups = {}
    for guest_index, spec in document_slots(submission.form_version.specs, submission.party_size):
        names = {kind: services.document_input(guest_index, spec.key, kind) for kind in DOCUMENT_SIDES}
        uploaded = {kind for kind in DOCUMENT_SIDES if (guest_index, spec.key, kind) in documents}
        groups.setdefault(guest_index, {"title": _person_label(submission, guest_index), "fields": []})
        groups[guest_index]["fields"].append(
            document_field(spec, names=names, language=_language(), uploaded=uploaded, errors=errors)
        )
    return list(groups.values())


def _signatures(submission, errors):
    documents = documents_of(submission)
    return [
        signature_pad(
            spec,
            name=services.signature_input(spec.key),
            language=_language(),
            signed=(None, spec.key, DocumentKind.SIGNATURE) in documents,
            error=errors.get(services.signature_input(spec.key)),
        )
        for spec in signature_fields(submission.form_version.specs)
    ]


@guest_portal
def step(request, reservation, slug):
    submission = submission_of(reservation)
    if submission is None:
        return redirect("portal:start", token=reservation.portal_token)
    if submission.is_submitted:
        return redirect("portal:done", token=reservation.portal_token)
    steps = services.steps_of(submission)
    slugs = [s.slug for s in steps]
    if slug not in slugs:
        raise Http404
    current = steps[slugs.index(slug)]
    reached = slugs.index(submission.step) if submission.step in slugs else 0
    if slugs.index(slug) > reached:
        return redirect(_step_url(reservation, slugs[reached]))

    errors, data = {}, None
    if request.method == "POST":
        if current.slug == "review":
            return _submit(request, reservation, submission)
        errors = services.save_step(
            submission=submission, step=current, data=request.POST, files=request.FILES, language=_language()
        )
        if not errors:
            submission.refresh_from_db()
            after = [s.slug for s in services.steps_of(submission)]
            return redirect(_step_url(reservation, after[min(after.index(current.slug) + 1, len(after) - 1)]))
        data = request.POST
    index = slugs.index(slug)
    questions = _questions(submission, current, errors, data, reservation)
    document_groups = _document_groups(submission, errors) if current.slug == "documents" else []
    signatures = _signatures(submission, errors) if current.slug == "agreement" else []
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
        document_groups=document_groups,
        signatures=signatures,
        summary=summary_of(submission, _language()) if current.slug == "review" else [],
    )
    return render(request, "portal/step.html", context, status=400 if errors else 200)


def _error_list(errors, questions, document_groups, signatures):
    """(anchor, label, message) for the error summary, in page order."""
    labels = {"party_size": _("Guests")}
    labels |= {q["name"]: q["label"] for q in questions}
    labels |= {s["name"]: s["label"] for s in signatures}
    for group in document_groups:
        for field in group["fields"]:
            labels |= {
                side["name"]: f"{group['title']} · {field['label']} ({side['label']})" for side in field["sides"]
            }
    return [("id_" + name, labels.get(name, ""), message) for name, message in errors.items()]


def _submit(request, reservation, submission):
    try:
        services.submit_checkin(submission=submission, request=request)
    except services.IncompleteCheckin as missing:
        messages.error(request, _("Something is still missing. Please complete this step."))
        return redirect(_step_url(reservation, missing.step))
    return redirect("portal:done", token=reservation.portal_token)


@guest_portal
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
            summary=summary_of(submission, _language()),
            has_guide=sections_of(reservation.property).exists(),
        ),
    )
