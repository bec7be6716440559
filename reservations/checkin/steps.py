"""The check-in's steps, worked out from the form version's fields and the party size.

details → main guest → each other guest → documents → agreement → review.
A step with nothing to ask is left out (details and review always stay).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reservations.checkin.fields import AGREEMENT_TYPES, FILE_TYPES, FieldScope, FieldType

ASKED_APART = FILE_TYPES | AGREEMENT_TYPES  # on the documents and agreement steps, not with the other questions


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    guest_index: int | None = None  # which guest a person step is about (0 = main guest)

    def __str__(self):
        return str(self.title)


def _person_fields(specs, guest_index):
    scopes = {FieldScope.MAIN_GUEST, FieldScope.EVERY_GUEST} if guest_index == 0 else {FieldScope.EVERY_GUEST}
    return [f for f in specs if f.scope in scopes and f.type not in ASKED_APART]


def _reservation_fields(specs):
    return [f for f in specs if f.scope == FieldScope.RESERVATION and f.type not in ASKED_APART]


def document_slots(specs, party_size):
    """(guest_index, spec) for each document field to upload; guest_index None for the reservation."""
    slots = []
    for spec in specs:
        if spec.type != FieldType.DOCUMENT:
            continue
        if spec.scope == FieldScope.RESERVATION:
            slots.append((None, spec))
        elif spec.scope == FieldScope.MAIN_GUEST:
            slots.append((0, spec))
        else:
            slots.extend((index, spec) for index in range(party_size))
    return slots


def agreement_fields(specs):
    return [f for f in specs if f.type in AGREEMENT_TYPES]


def signature_fields(specs):
    return [f for f in specs if f.type == FieldType.SIGNATURE]


def steps_for(specs, party_size):
    steps = [Step("details", _("Your stay"))]
    if _person_fields(specs, 0):
        steps.append(Step("guest-1", _("Main guest"), 0))
    if _person_fields(specs, 1):
        steps += [Step(f"guest-{n}", _("Guest %(n)d") % {"n": n}, n - 1) for n in range(2, party_size + 1)]
    if document_slots(specs, party_size):
        steps.append(Step("documents", _("Documents")))
    if agreement_fields(specs):
        steps.append(Step("agreement", _("Agreement")))
    steps.append(Step("review", _("Review")))
    return steps


def fields_for(step, specs):
    """The answerable (non-file) fields a step asks."""
    if step.slug == "details":
        return _reservation_fields(specs)
    if step.guest_index is not None:
        return _person_fields(specs, step.guest_index)
    if step.slug == "agreement":
        return [f for f in specs if f.type == FieldType.AGREEMENT]
    return []
