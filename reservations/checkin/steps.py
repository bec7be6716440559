"""The check-in's steps, worked out from the form version and the party size.

details → main guest → each other guest → documents → agreement → review.
A step with nothing to ask is left out (details and review always stay).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FILE_TYPES = {"document", "signature"}
AGREEMENT_TYPES = {"agreement", "signature"}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    guest_index: int | None = None  # which guest a person step is about (0 = main guest)

    def __str__(self):
        return str(self.title)


def _person_fields(schema, guest_index):
    scopes = {"main_guest", "every_guest"} if guest_index == 0 else {"every_guest"}
    return [f for f in schema if f["scope"] in scopes and f["type"] not in FILE_TYPES | AGREEMENT_TYPES]


def _reservation_fields(schema):
    return [f for f in schema if f["scope"] == "reservation" and f["type"] not in FILE_TYPES | AGREEMENT_TYPES]


def document_slots(schema, party_size):
    """(guest_index, spec) for each document field to upload; guest_index None for the reservation."""
    slots = []
    for spec in schema:
        if spec["type"] != "document":
            continue
        if spec["scope"] == "reservation":
            slots.append((None, spec))
        elif spec["scope"] == "main_guest":
            slots.append((0, spec))
        else:
            slots.extend((index, spec) for index in range(party_size))
    return slots


def agreement_fields(schema):
    return [f for f in schema if f["type"] in AGREEMENT_TYPES]


def steps_for(schema, party_size):
    steps = [Step("details", _("Your stay"))]
    if _person_fields(schema, 0):
        steps.append(Step("guest-1", _("Main guest"), 0))
    if _person_fields(schema, 1):
        steps += [Step(f"guest-{n}", _("Guest %(n)d") % {"n": n}, n - 1) for n in range(2, party_size + 1)]
    if document_slots(schema, party_size):
        steps.append(Step("documents", _("Documents")))
    if agreement_fields(schema):
        steps.append(Step("agreement", _("Agreement")))
    steps.append(Step("review", _("Review")))
    return steps


def fields_for(step, schema):
    """The answerable (non-file) fields a step asks."""
    if step.slug == "details":
        return _reservation_fields(schema)
    if step.guest_index is not None:
        return _person_fields(schema, step.guest_index)
    if step.slug == "agreement":
        return [f for f in schema if f["type"] == "agreement"]
    return []
