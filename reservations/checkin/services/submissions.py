"""Writes for online check-in: start, save a step, submit, reopen."""

from datetime import date

import django.dispatch
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import record_action
from accounts.actors import GuestActor
from accounts.permissions import Rule, require
from gorently.compiled import CompiledLookup
from gorently.images import DecodeBudget
from gorently.throttle import client_ip
from reservations.checkin.answers import clean_answer, is_blank
from reservations.checkin.fields import FieldType
from reservations.checkin.models import DOCUMENT_SIDES, CheckinSubmission, DocumentKind, GuestDocument
from reservations.checkin.selectors import documents_of, form_of_property, typed_signatures_of
from reservations.checkin.services.forms import current_version
from reservations.checkin.steps import document_slots, fields_for, signature_fields, steps_for
from reservations.checkin.uploads import clean_document, clean_signature, clean_typed_signature
from reservations.models import CheckinStatus, Guest

# Sent after a check-in is submitted (on commit): the Guesty write-back and the messages to the guest and
# the team hook in here. Receivers get `submission`, and `notify` (False for demo data: tell nobody).
checkin_submitted = django.dispatch.Signal()


class IncompleteCheckin(Exception):
    def __init__(self, step):
        super().__init__(step)
        self.step = step


def steps_of(submission):
    return steps_for(submission.form_version.specs, submission.party_size)


@transaction.atomic
def start_checkin(*, reservation, language, request=None):
    """The reservation's check-in, created on the guest's first visit with the form as it is now."""
    existing = CheckinSubmission.objects.select_for_update().filter(reservation=reservation).first()
    if existing:
        return existing
    form = form_of_property(reservation.property)
    if form is None:
        raise ValidationError(_("Online check-in is not set up for this property yet."))
    submission = CheckinSubmission.objects.create(
        organization=reservation.organization,
        reservation=reservation,
        form_version=current_version(form),
        party_size=min(reservation.guests_count, reservation.property.max_guests),
        answers={"reservation": {}, "guests": []},
        step="details",
        language=language,
    )
    reservation.checkin_status = CheckinStatus.IN_PROGRESS
    reservation.save(update_fields=["checkin_status", "updated_at"])
    record_action(GuestActor(reservation), "checkin.started", target=reservation, request=request)
    return submission


def _guest_answers(answers, index):
    guests = answers.setdefault("guests", [])
    while len(guests) <= index:
        guests.append({})
    return guests[index]


def _clean_fields(specs, data, prefix="f-"):
    values, errors = {}, {}
    for spec in specs:
        name = prefix + spec.key
        raw = data.getlist(name) if spec.type == FieldType.MULTICHOICE else data.get(name)
        try:
            values[spec.key] = clean_answer(spec, raw)
        except ValidationError as error:
            errors[name] = error.messages[0]
    return values, errors


def _advance(submission, slug):
    slugs = [s.slug for s in steps_of(submission)]
    reached = slugs.index(submission.step) if submission.step in slugs else 0
    following = slugs[min(slugs.index(slug) + 1, len(slugs) - 1)]
    if slugs.index(following) > reached:
        submission.step = following


@transaction.atomic
def save_step(*, submission, step, data, files, language, request=None):
    """Validate and save one step. Returns {input name: message}; the step moves on only without any.

    Answers are all or nothing: with any error on the step, none of its answers is saved.
    Files are kept one by one: each identity document or signature accepted is stored at
    once, whatever else on the step is wrong, so a guest never sends a good photo or signs
    twice; a refused or missing file is named on its own. `request` gives a typed
    signature its client address. The caller's `submission` then holds what was saved.
    """
    callers_copy, submission = submission, _locked(submission)
    specs = submission.form_version.specs
    answers = submission.answers
    errors = {}
    if step.slug == "details":
        errors = _save_details(submission, specs, data, answers)
    elif step.guest_index is not None:
        values, errors = _clean_fields(fields_for(step, specs), data)
        if step.guest_index == 0 and not errors:
            errors = _signer_of_age(submission.reservation, values)
        if not errors:
            _guest_answers(answers, step.guest_index).update(values)
    elif step.slug == "documents":
        errors = _save_documents(submission, specs, files)
        errors |= _missing_documents(submission, specs, errors)
    elif step.slug == "agreement":
        errors = _save_signatures(submission, specs, data, answers, request)
        values, field_errors = _clean_fields(fields_for(step, specs), data)
        errors |= field_errors
        if not errors:
            answers.setdefault("reservation", {}).update(values)
    submission.answers = answers
    if not errors:
        submission.language = language
        _advance(submission, step.slug)
    submission.save()
    _copy_saved(submission, onto=callers_copy)
    return errors


# Every saved check-in step locks its submission: compiled once per connection (gorently.compiled), 1.0 ms
# to 0.5. Its callers are atomic, as FOR UPDATE needs.
_LOCK = CompiledLookup(lambda pk: CheckinSubmission.objects.select_for_update().filter(pk=pk))


def _locked(submission):
    """The submission read again under a row lock; refused once submitted.

    What the caller already read of it comes along rather than being read again: the form version
    (frozen, it never changes) and the stay with its property (this request's own).
    """
    locked = _LOCK.get_or_none(submission.pk)
    if locked is None:
        raise CheckinSubmission.DoesNotExist  # removed meanwhile, as get() would say
    if locked.is_submitted:
        raise ValidationError(_("Your check-in is already complete."))
    for relation in ("form_version", "reservation"):
        read = getattr(CheckinSubmission, relation).is_cached(submission)
        if read and getattr(locked, f"{relation}_id") == getattr(submission, f"{relation}_id"):
            setattr(locked, relation, getattr(submission, relation))
    return locked


def _copy_saved(saved, onto):
    """What was saved under the lock, onto the caller's copy: the page that follows (the next step
    depends on the party size) reads it without asking the database again."""
    for field in CheckinSubmission._meta.concrete_fields:
        setattr(onto, field.attname, getattr(saved, field.attname))


def _signer_of_age(reservation, values):
    """The main guest signs the rental agreement: they must be an adult (the account's age) on arrival."""
    born = values.get("date_of_birth")
    if not born:
        return {}
    born, arrives = date.fromisoformat(born), reservation.check_in
    age = arrives.year - born.year - ((arrives.month, arrives.day) < (born.month, born.day))
    adult_age = reservation.organization.adult_age
    if age >= adult_age:
        return {}
    return {
        "f-date_of_birth": _(
            "The main guest signs the rental agreement and must be %(n)d or older. "
            "Ask an adult of your party to check in as the main guest."
        )
        % {"n": adult_age}
    }


def _save_details(submission, specs, data, answers):
    reservation = submission.reservation
    maximum = reservation.property.max_guests
    errors = {}
    try:
        party_size = int(data.get("party_size", submission.party_size))
    except (TypeError, ValueError):
        party_size = 0
    if not 1 <= party_size <= maximum:
        errors["party_size"] = _("Enter a number from 1 to %(n)d.") % {"n": maximum}
    elif party_size != reservation.guests_count and not reservation.organization.guests_may_change_party:
        errors["party_size"] = _(
            "Your booking is for %(n)d guests. To check in another number, please ask your host first."
        ) % {"n": reservation.guests_count}
    values, field_errors = _clean_fields(fields_for(steps_for(specs, 1)[0], specs), data)
    errors |= field_errors
    if errors:
        return errors
    answers.setdefault("reservation", {}).update(values)
    if party_size < submission.party_size:
        answers["guests"] = answers.get("guests", [])[:party_size]
        # Row and file: a queryset delete would leave the dropped guests' identity documents in storage.
        for dropped in GuestDocument.objects.filter(submission=submission, guest_index__gte=party_size):
            dropped_file = dropped.file
            dropped.delete()
            transaction.on_commit(lambda f=dropped_file: f.storage.delete(f.name))
    submission.party_size = party_size
    return {}


def _discard(document):
    """Delete a stored file: its row now, the file once the transaction commits."""
    if document is None:
        return
    old_file = document.file
    document.delete()
    transaction.on_commit(lambda: old_file.storage.delete(old_file.name))


def _store(submission, guest_index, key, kind, cleaned, existing):
    _discard(existing.get((guest_index, key, kind)))
    document = GuestDocument(
        organization=submission.organization,
        submission=submission,
        guest_index=guest_index,
        field_key=key,
        kind=kind,
        content_type=cleaned.content_type,
        size=cleaned.size,
    )
    document.store(cleaned.content)
    document.save()
    existing[(guest_index, key, kind)] = document
    return document


def document_input(guest_index, key, kind):
    return f"doc-{'r' if guest_index is None else guest_index}-{key}-{kind}"


def signature_input(key):
    return f"sig-{key}"


def typed_signature_input(key):
    return f"sig-{key}-typed"


def _save_documents(submission, specs, files):
    """Store each accepted file at once; {input name: message} for each file refused."""
    existing = documents_of(submission)
    errors = {}
    # One request decodes at most this many pixels; with a file per request (the portal's script) it bounds each.
    budget = DecodeBudget(settings.UPLOAD_PIXELS_PER_REQUEST)
    for guest_index, spec in document_slots(specs, submission.party_size):
        for kind in DOCUMENT_SIDES:
            name = document_input(guest_index, spec.key, kind)
            upload = files.get(name)
            if not upload:
                continue
            try:
                cleaned = clean_document(upload, allowed=spec.file_types, max_mb=spec.max_mb, budget=budget)
            except ValidationError as error:
                errors[name] = error.messages[0]
            else:
                _store(submission, guest_index, spec.key, kind, cleaned, existing)
    return errors


def _missing_documents(submission, specs, errors):
    """{input name: message} for each required front neither stored nor just refused (that has its own message)."""
    existing = documents_of(submission)
    missing = {}
    for guest_index, spec in document_slots(specs, submission.party_size):
        name = document_input(guest_index, spec.key, DocumentKind.FRONT)
        if spec.required and (guest_index, spec.key, DocumentKind.FRONT) not in existing and name not in errors:
            missing[name] = _("Add a photo of the front of the document.")
    return missing


@transaction.atomic
def keep_documents(*, submission, files):
    """Store the accepted files among `files` ({input name: upload}) at once, the step staying where it is.

    What the portal's script sends as soon as the guest picks a file. Returns {input name: message}
    for each file refused; nothing is asked of the files not sent.
    """
    submission = _locked(submission)
    return _save_documents(submission, submission.form_version.specs, files)


@transaction.atomic
def remove_document(*, submission, document):
    """The guest takes back an identity document they uploaded (a photo of the wrong page, say)."""
    _locked(submission)
    if document.submission_id != submission.pk or document.kind not in DOCUMENT_SIDES:
        raise ValidationError(_("This file can’t be removed."))
    _discard(document)


def _save_signatures(submission, specs, data, answers, request):
    """Store each signature given, drawn (a PNG from the canvas) or typed (the guest's full name).

    A drawn signature is a GuestDocument; a typed one is the field's answer at reservation
    level, {"typed": name, "signed_at": ISO time, "signed_from": client address}, encrypted
    with the other answers and purged by the same rule (only if its field is sensitive).
    Each replaces the other: a field has one signature.
    """
    existing = documents_of(submission)
    given = answers.setdefault("reservation", {})
    errors = {}
    for spec in signature_fields(specs):
        name = signature_input(spec.key)
        drawn = data.get(name, "")
        typed = data.get(typed_signature_input(spec.key), "")
        try:
            if drawn:
                _store(submission, None, spec.key, DocumentKind.SIGNATURE, clean_signature(drawn), existing)
                given.pop(spec.key, None)
            elif typed.strip():
                given[spec.key] = {
                    "typed": clean_typed_signature(typed),
                    "signed_at": timezone.now().isoformat(),
                    "signed_from": client_ip(request) if request is not None else "",
                }
                _discard(existing.pop((None, spec.key, DocumentKind.SIGNATURE), None))
            elif spec.required and not _is_signed(spec.key, existing, given):
                errors[name] = _("Sign with your finger or mouse, or type your full name.")
        except ValidationError as error:
            errors[name] = error.messages[0]
    return errors


def _is_signed(key, documents, reservation_answers):
    typed = reservation_answers.get(key)
    return (None, key, DocumentKind.SIGNATURE) in documents or (isinstance(typed, dict) and bool(typed.get("typed")))


def first_incomplete_step(submission):
    """The slug of the first step with a required answer missing, or None when all is there."""
    specs = submission.form_version.specs
    answers = submission.answers
    documents = documents_of(submission)
    guests = answers.get("guests", [])
    for step in steps_of(submission):
        if step.slug == "review":
            continue
        if step.slug == "documents":  # in step order: a missing document comes before the agreement
            for guest_index, spec in document_slots(specs, submission.party_size):
                if spec.required and (guest_index, spec.key, DocumentKind.FRONT) not in documents:
                    return "documents"
            continue
        if step.guest_index is not None:
            given = guests[step.guest_index] if step.guest_index < len(guests) else None
        else:
            given = answers.get("reservation", {})
        if given is None:
            return step.slug
        for spec in fields_for(step, specs):
            if spec.required and is_blank(given.get(spec.key)):
                return step.slug
    signed = {key for (_g, key, kind) in documents if kind == DocumentKind.SIGNATURE}
    signed |= set(typed_signatures_of(submission))
    for spec in signature_fields(specs):
        if spec.required and spec.key not in signed:
            return "agreement"
    return None


def _sync_guests(submission):
    """Reflect the party's names and contacts on the reservation's Guest rows."""
    reservation = submission.reservation
    guests = submission.answers.get("guests", [])
    Guest.objects.filter(reservation=reservation, is_main=False).delete()
    for index in range(submission.party_size):
        answers = guests[index] if index < len(guests) else {}
        values = {
            "first_name": answers.get("first_name") or (_("Guest %(n)d") % {"n": index + 1}),
            "last_name": answers.get("last_name") or "",
            "email": answers.get("email") or "",
            "phone": answers.get("phone") or "",
        }
        if index == 0:
            main = Guest.objects.filter(reservation=reservation, is_main=True).first()
            if main:
                for name, value in values.items():
                    if value and (name != "first_name" or answers.get("first_name")):
                        setattr(main, name, value)
                main.save()
                continue
        Guest.objects.create(
            organization=reservation.organization, reservation=reservation, is_main=index == 0, **values
        )


@transaction.atomic
def submit_checkin(*, submission, request=None, notify=True):
    """Complete the check-in; raises IncompleteCheckin(step) when something required is missing.

    `notify=False` (demo data) asks the signal's listeners to tell nobody; the activity log is kept.
    """
    submission = CheckinSubmission.objects.select_for_update().select_related("reservation").get(pk=submission.pk)
    if submission.is_submitted:
        return submission
    missing = first_incomplete_step(submission)
    if missing:
        raise IncompleteCheckin(missing)
    now = timezone.now()
    submission.submitted_at = now
    submission.save(update_fields=["submitted_at", "updated_at"])
    reservation = submission.reservation
    reservation.checkin_status = CheckinStatus.COMPLETED
    reservation.checkin_completed_at = now
    reservation.party_checked_in = submission.party_size  # beside the booked number, never over it
    reservation.save(update_fields=["checkin_status", "checkin_completed_at", "party_checked_in", "updated_at"])
    _sync_guests(submission)
    record_action(
        GuestActor(reservation),
        "checkin.submitted",
        target=reservation,
        request=request,
        party_size=submission.party_size,
        form_version=submission.form_version.number,
    )
    transaction.on_commit(
        lambda: checkin_submitted.send(sender=CheckinSubmission, submission=submission, notify=notify)
    )
    return submission


@transaction.atomic
def reopen_checkin(*, actor, reservation, request=None):
    """Let the guest correct a completed check-in."""
    require(actor, Rule.MANAGE_CHECKINS)
    submission = CheckinSubmission.objects.select_for_update().filter(reservation=reservation).first()
    if submission is None or not submission.is_submitted:
        raise ValidationError(_("Only a completed check-in can be reopened."))
    if submission.purged_at:
        # The guest would upload documents again, after the retention purge that will not come back for them.
        raise ValidationError(
            _("This check-in’s identity documents were deleted after the stay: it can’t be reopened.")
        )
    submission.submitted_at = None
    submission.reopened_at = timezone.now()
    submission.step = "review"
    submission.save(update_fields=["submitted_at", "reopened_at", "step", "updated_at"])
    reservation.checkin_status = CheckinStatus.IN_PROGRESS
    reservation.checkin_completed_at = None
    reservation.save(update_fields=["checkin_status", "checkin_completed_at", "updated_at"])
    record_action(actor, "checkin.reopened", target=reservation, request=request)
    return submission
