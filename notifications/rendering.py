"""A message's words for one stay: the host's template for the event and language, else GoRently's own."""

from dataclasses import dataclass, field

from django.utils import translation

from gorently.placeholders import fill_placeholders
from notifications.defaults import default_for
from notifications.models import MessageTemplate
from notifications.placeholders import values_for


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    content_sid: str = ""
    content_variables: dict = field(default_factory=dict)


def language_of(reservation):
    """The guest's language: the one the host knows, else the account's first, else English."""
    return reservation.guest_language or "en"


def render(event, reservation, *, language=None, now=None, **extra):
    language = language or language_of(reservation)
    template = (
        MessageTemplate.objects.filter(
            organization_id=reservation.organization_id, event=event, language=language
        ).first()
        or MessageTemplate.objects.filter(
            organization_id=reservation.organization_id, event=event, language="en"
        ).first()
    )
    with translation.override(language):
        values = values_for(reservation, now=now, **extra)
        if template is not None:
            subject, body = template.subject, template.body
        else:
            subject, body = default_for(event, language)
        variables = {}
        if template is not None and template.content_sid:
            variables = {
                str(index): str(values.get(name, "")) for index, name in enumerate(template.content_variables, 1)
            }
        return Rendered(
            subject=fill_placeholders(subject, values),
            body=fill_placeholders(body, values),
            content_sid=template.content_sid if template is not None else "",
            content_variables=variables,
        )
