"""The reservations list's 25 rows rendered four ways: which to keep (issue 14).

Run:  .venv/bin/python bench/row_rendering.py
No database: the rows are unsaved reservations. Prints the median milliseconds per render of:

- Django's engine over model instances (the list's template before issue 14: `{% url %}`, `|date`,
  `get_..._display` and translated labels in every row);
- Django's engine over rows prepared once a page (reservations/views/rows.py);
- Jinja2 over the same prepared rows (what the list uses);
- Django's engine with each row's markup cached per (id, updated_at), as a fragment cache would:
  one `get_many` from the local-memory cache and the misses rendered (all hits, then all misses).
"""

import statistics
import time
from datetime import date, timedelta

from _harness import django  # noqa: F401  (set up)
from django.core.cache import caches
from django.template import engines
from django.utils import timezone

from properties.models import Property
from reservations.models import Reservation
from reservations.views.rows import list_rows

ROWS = 25
DJANGO = engines["django"]
BEFORE = DJANGO.from_string(
    """{% load i18n ui %}{% for r in rows %}<tr>
<td class="primary-cell"><a href="{% url 'reservations:detail' r.pk %}">{{ r.guest_name }}</a></td>
<td data-label="{% translate 'Property' %}">{{ r.property.name }}</td>
<td data-label="{% translate 'Arrival' %}" class="nowrap">{{ r.check_in|date:"D j M Y" }}</td>
<td data-label="{% translate 'Departure' %}" class="nowrap">{{ r.check_out|date:"D j M Y" }}</td>
<td data-label="{% translate 'Guests' %}">{{ r.guests_count }}</td>
<td data-label="{% translate 'Code' %}"><code>{{ r.confirmation_code }}</code></td>
<td>{% badge r.status r.get_status_display %}</td>
<td>{% badge r.checkin_status r.get_checkin_status_display %}</td>
</tr>{% endfor %}"""
)
PREPARED_ROW = """<tr>
<td class="primary-cell"><a href="{{ r.url }}">{{ r.guest_name }}</a></td>
<td data-label="{{ l_property }}">{{ r.property_name }}</td>
<td data-label="{{ l_arrival }}" class="nowrap">{{ r.arrival }}</td>
<td data-label="{{ l_departure }}" class="nowrap">{{ r.departure }}</td>
<td data-label="{{ l_guests }}">{{ r.guests_count }}</td>
<td data-label="{{ l_code }}"><code>{{ r.code }}</code></td>
<td><span class="badge badge-{{ r.status_tone }}">{{ r.status_label }}</span></td>
<td><span class="badge badge-{{ r.checkin_tone }}">{{ r.checkin_label }}</span></td>
</tr>"""
LABELS = (
    '{% translate "Property" as l_property %}{% translate "Arrival" as l_arrival %}'
    '{% translate "Departure" as l_departure %}{% translate "Guests" as l_guests %}{% translate "Code" as l_code %}'
)
PREPARED = DJANGO.from_string("{% load i18n %}" + LABELS + "{% for r in rows %}" + PREPARED_ROW + "{% endfor %}")
ONE_ROW = DJANGO.from_string("{% load i18n %}" + LABELS + PREPARED_ROW)


def reservations():
    place = Property(pk=1, name="Villa Mar", timezone="Europe/Madrid")
    start, now = date(2026, 12, 1), timezone.now()
    return [
        Reservation(
            pk=n,
            property=place,
            confirmation_code=f"HM{n:06d}",
            guest_name=f"Guest {n}",
            check_in=start + timedelta(days=n),
            check_out=start + timedelta(days=n + 3),
            guests_count=2,
            updated_at=now,
        )
        for n in range(1, ROWS + 1)
    ]


def median_ms(render, repeat=300):
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        render()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def cached_rows(stays, cache, *, hits):
    """Each row's markup from the cache by (id, updated_at); the misses rendered and stored."""
    if not hits:
        cache.clear()
    keys = {f"row:{r.pk}:{r.updated_at.timestamp()}": r for r in stays}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    rows = list_rows([keys[key] for key in missing], property_names={1: "Villa Mar"})
    made = {key: ONE_ROW.render({"r": row}) for key, row in zip(missing, rows, strict=True)}
    cache.set_many(made)
    return "".join(found.get(key) or made[key] for key in keys)


def main():
    stays = reservations()
    names = {1: "Villa Mar"}
    jinja = engines["jinja2"].get_template("reservations/list_rows.html")
    cache = caches["default"]
    cached_rows(stays, cache, hits=False)
    results = {
        "Django engine, model instances (before)": median_ms(lambda: BEFORE.render({"rows": stays})),
        "Django engine, prepared rows": median_ms(
            lambda: PREPARED.render({"rows": list_rows(stays, property_names=names)})
        ),
        "Jinja2, prepared rows (kept)": median_ms(
            lambda: jinja.render({"rows": list_rows(stays, property_names=names)})
        ),
        "Django engine, rows cached per version (all hits)": median_ms(lambda: cached_rows(stays, cache, hits=True)),
        "Django engine, rows cached per version (all misses)": median_ms(lambda: cached_rows(stays, cache, hits=False)),
    }
    print(f"{ROWS} rows of the reservations list, median of 300 renders (rows prepared inside the timing)")
    for name, ms in results.items():
        print(f"  {name:<52} {ms:6.2f} ms")


if __name__ == "__main__":
    main()
