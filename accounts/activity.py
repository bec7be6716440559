"""The activity log's one write path: every significant write calls `record_action` (or `record`)."""

import json

from django.apps import apps

from accounts.models import ActivityLog, ActorType
from gorently.throttle import client_ip


def record(*, action, organization=None, request=None, actor=None, target=None, details=None):
    """Append one entry.

    `actor` is an actor (gorently.actors: a member, a guest, the system) or a User
    (signing in and out, before any account is chosen); with neither, the request's
    user is the actor, else the system.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if hasattr(actor, "log_identity"):
        actor_type, actor_user, actor_label = actor.log_identity()
    elif actor is not None:
        actor_type, actor_user, actor_label = ActorType.USER, actor, actor.email
    else:
        actor_type, actor_user, actor_label = ActorType.SYSTEM, None, str(ActorType.SYSTEM.label)
    return ActivityLog.objects.create(
        organization=organization,
        action=action,
        actor_type=actor_type,
        actor_user=actor_user,
        actor_label=actor_label[:200],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        details=details or {},
        ip_address=(client_ip(request) or None) if request is not None else None,
    )


def record_action(actor, action, /, *, target=None, request=None, **details):
    """What an actor did in their host account's log; keyword arguments left over are the details."""
    return record(
        action=action, organization=actor.organization, request=request, actor=actor, target=target, details=details
    )


def snapshot(instance, fields):
    """Field values as text, to diff before and after a change."""
    return {f: str(getattr(instance, f)) for f in fields}


def changes(before, instance):
    """{field: [old, new]} for the fields of `before` whose value changed on `instance`."""
    after = snapshot(instance, before)
    return {f: [before[f], after[f]] for f in before if before[f] != after[f]}


# --- Reading the log: details in words -----------------------------------------------------------
#
# Services log ids (`section=25`, `properties=[4, 7]`) and codes (`key="phone"`), which stay true
# when a row is renamed. The dashboard shows them as names, looked up for a whole page at once: one
# query per kind of row named on the page, whatever the number of entries. The models are reached by
# their app label (as accounts' own foreign keys to properties are), since accounts sits below the
# apps whose rows it names.

# Detail keys holding ids (an id or a list of ids): the model naming them, and the fields its name needs.
REFERENCES = {
    "section": (("properties", "GuideSection"), ("title", "kind")),
    "place": (("properties", "GuidePlace"), ("name",)),
    "property": (("properties", "Property"), ("name",)),
    "properties": (("properties", "Property"), ("name",)),
    "member": (("accounts", "Membership"), ("user__full_name", "user__email")),
    "form": (("checkin", "CheckinForm"), ("name",)),
    "from": (("checkin", "CheckinForm"), ("name",)),
}
# A question's key, named by the form it belongs to.
FIELD_KEYS = ("key", "field_key")
# Shown under another name; the rest with spaces for underscores.
KEY_WORDS = {"key": "question", "field_key": "question", "from": "copied from", "checkins": "check-ins"}
# A `kind` is a document's side in check-in entries, a section's kind in the guide's.
KINDS = {"checkin": (("checkin", "GuestDocument"), "kind"), "guide": (("properties", "GuideSection"), "kind")}
HIDDEN = {"document_id"}  # in the CSV export, not worth a host's reading


def _model(label):
    return apps.get_model(*label)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _ids(value):
    if _is_id(value):
        return [value]
    if isinstance(value, list) and value and all(_is_id(v) for v in value):
        return value
    return []


def _parts(details):
    """The details with before/after dicts opened up: (key, value) pairs, nested ones included."""
    for key, value in details.items():
        if key in ("before", "after") and isinstance(value, dict):
            yield from value.items()
        else:
            yield key, value


class Names:
    """The names of the rows a page of log entries refers to, found in a few queries."""

    def __init__(self, rows=None, questions=None, document_questions=None):
        self.rows = rows or {}  # {(model label, id): name}
        self.questions = questions or {}  # {(form id, key): label}
        self.document_questions = document_questions or {}  # {(reservation id, key): label}

    @classmethod
    def of(cls, entries, organization):
        wanted = {}
        form_keys, reservation_keys = set(), set()
        form_type = _model(("checkin", "CheckinForm"))._meta.label_lower
        reservation_type = _model(("reservations", "Reservation"))._meta.label_lower
        for entry in entries:
            details = entry.details if isinstance(entry.details, dict) else {}
            for key, value in _parts(details):
                if key in REFERENCES:
                    wanted.setdefault(REFERENCES[key], set()).update(_ids(value))
                elif key in FIELD_KEYS and isinstance(value, str) and entry.target_id.isdigit():
                    if entry.target_type == form_type:
                        form_keys.add((int(entry.target_id), value))
                    elif entry.target_type == reservation_type:
                        reservation_keys.add((int(entry.target_id), value))
        rows = {}
        for (label, fields), ids in wanted.items():
            if not ids:
                continue
            found = _model(label).objects.filter(organization=organization, pk__in=ids).values_list("pk", *fields)
            rows.update({(label, pk): _name(label, values) for pk, *values in found})
        questions = cls._questions(form_keys, organization)
        return cls(rows, questions, cls._document_questions(reservation_keys, organization))

    @staticmethod
    def _questions(form_keys, organization):
        if not form_keys:
            return {}
        fields = _model(("checkin", "FormField")).objects.filter(
            organization=organization,
            form_id__in={form for form, _key in form_keys},
            key__in={key for _form, key in form_keys},
        )
        found = fields.values_list("form_id", "key", "label")
        return {(form, key): _english(label) or key for form, key, label in found}

    @staticmethod
    def _document_questions(reservation_keys, organization):
        """A document's question, as the form version the guest answered labelled it."""
        if not reservation_keys:
            return {}
        schemas = _model(("checkin", "CheckinSubmission")).objects.filter(
            organization=organization, reservation_id__in={reservation for reservation, _key in reservation_keys}
        )
        labels = {}
        for reservation, schema in schemas.values_list("reservation_id", "form_version__schema"):
            for spec in schema or []:
                if isinstance(spec, dict) and (reservation, spec.get("key")) in reservation_keys:
                    labels[(reservation, spec["key"])] = _english(spec.get("label")) or spec["key"]
        return labels

    def name(self, key, value):
        label = REFERENCES[key][0]
        return self.rows.get((label, value)) or f"#{value} (deleted)"


def _english(label):
    return label.get("en", "") if isinstance(label, dict) else str(label or "")


def _name(label, values):
    if label == ("properties", "GuideSection"):
        title, kind = values
        return _english(title) or _choices(label, "kind").get(kind, kind)
    if label == ("accounts", "Membership"):
        full_name, email = values
        return full_name or email
    return values[0]


def _choices(label, field):
    return {str(value): str(text) for value, text in _model(label)._meta.get_field(field).flatchoices}


def _value_words(entry, key, value, names):
    if key in REFERENCES and _ids(value):
        return ", ".join(names.name(key, pk) for pk in _ids(value))
    if key in FIELD_KEYS and isinstance(value, str) and entry.target_id.isdigit():
        target = int(entry.target_id)
        return names.questions.get((target, value)) or names.document_questions.get((target, value)) or value
    if key == "role" and isinstance(value, str):
        return _choices(("accounts", "Membership"), "role").get(value, value)
    if key == "kind" and isinstance(value, str) and entry.action.split(".")[0] in KINDS:
        return _choices(*KINDS[entry.action.split(".")[0]]).get(value, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == []:
        return "none"
    if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, list | dict) for v in value):
        return f"{value[0]} → {value[1]}"  # services log a change as [before, after]
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


# Details are stored as JSON, whose key order PostgreSQL does not keep: what a line is about comes first,
# in this order, then the rest alphabetically, the same on every database.
FIRST_KEYS = (
    "section",
    "place",
    "question",
    "kind",
    "field",
    "key",
    "member",
    "email",
    "role",
    "properties",
    "property",
)


def _reading_order(part):
    key = part[0]
    return (FIRST_KEYS.index(key), "") if key in FIRST_KEYS else (len(FIRST_KEYS), key)


def details_in_words(entry, names):
    """An entry's details on one line for people: `section: Wi-Fi · properties: Villa Mar, Old Town Loft`."""
    details = entry.details
    if not isinstance(details, dict):
        return json.dumps(details, ensure_ascii=False)
    before, after = details.get("before"), details.get("after")
    compared = isinstance(before, dict) and isinstance(after, dict)
    parts = []
    for key, value in details.items():
        if value is None or key in HIDDEN or (key == "title" and "section" in details):
            continue
        if compared and key in ("before", "after"):
            continue
        if key == "section" and _ids(value) and (REFERENCES[key][0], value) not in names.rows and details.get("title"):
            parts.append((key, str(details["title"])))  # a removed section, named as it was
        elif key == "changed" and isinstance(value, dict):
            parts += [(field, _value_words(entry, field, change, names)) for field, change in value.items()]
        else:
            parts.append((key, _value_words(entry, key, value, names)))
    if compared:  # a member's role and properties, before and after: what changed
        for key in [*before, *(k for k in after if k not in before)]:
            old, new = before.get(key), after.get(key)
            if old != new:
                parts.append((key, f"{_value_words(entry, key, old, names)} → {_value_words(entry, key, new, names)}"))
    lines = sorted(((KEY_WORDS.get(key, key.replace("_", " ")), text) for key, text in parts), key=_reading_order)
    return " · ".join(f"{word}: {text}" for word, text in lines)


def in_words(entries, organization):
    """The entries, each with `details_words`: its details with names for ids (a few queries in all)."""
    entries = list(entries)
    names = Names.of(entries, organization)
    for entry in entries:
        entry.details_words = details_in_words(entry, names)
    return entries
