from django import template
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gorently.dates import day_with_weekday
from gorently.display import badge_tone
from gorently.phones import international, tel_uri

register = template.Library()


@register.simple_tag
def jinja_rows(template_name, **context):
    """A long list's rows rendered by Jinja2 (gorently/jinja2.py): `{% jinja_rows "app/rows.html" rows=rows %}`."""
    # Jinja2 escaped what it printed (autoescape is on in Django's Jinja2 backend).
    return mark_safe(engines["jinja2"].get_template(template_name).render(context))


@register.simple_tag
def badge(value, label):
    """A status badge: `{% badge reservation.status reservation.get_status_display %}`."""
    return format_html('<span class="badge badge-{}">{}</span>', badge_tone(value), label)


@register.simple_tag
def sort_header(current, key, label, params):
    """A sortable column's header cell: `{% sort_header sort "guest" _("Guest") sort_params %}`.

    Its link sorts ascending first, then toggles; the sorted column says so to screen readers.
    """
    direction = {key: "ascending", f"-{key}": "descending"}.get(current)
    aria_sort = format_html(' aria-sort="{}"', direction) if direction else ""
    target = f"-{key}" if current == key else key
    return format_html('<th scope="col"{}><a href="?{}&amp;sort={}">{}</a></th>', aria_sort, params, target, label)


@register.filter
def weekday_date(day):
    """`{{ reservation.check_in|weekday_date }}`: Monday, 7 December 2026 (see gorently.dates)."""
    return day_with_weekday(day) if day else ""


@register.filter
def phone_text(value):
    """`{{ number|phone_text }}`: the number as people read it, where the link is already around it."""
    return international(value)


@register.filter
def phone(value):
    """`{{ guest.phone|phone }}`: the number as people read it and a `tel:` link to call it (see gorently.phones).

    A value that is no valid number is shown as it is, unlinked; none at all is "".
    """
    text, uri = international(value), tel_uri(value)
    if uri:
        return format_html('<a href="{}" class="nowrap">{}</a>', uri, text)
    return text
