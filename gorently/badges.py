"""The navigation's counts (unread messages, open sync issues), kept for a short while.

Every host page shows them and few requests change them: a COUNT per badge per page was a
fifth of a list page's queries. Each account's counts hang off a version that whatever
changes them replaces (`changed`), so a reader sees a change at once in the process that
made it (or everywhere, with a shared cache such as Redis) and, elsewhere, within `TTL`.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

TTL = 30  # seconds


def _version_key(organization_id):
    return f"badges:{organization_id}"


def cached_count(name, organization_id, reader_key, count, *, page=None):
    """`count()` for this badge, account and reader, from the cache when the account has not changed.

    `page`: a dict that lasts as long as the page drawing it (a template tag's `context.render_context`),
    so that the page's badges read the account's version from the cache once between them.
    """
    page = {} if page is None else page
    version_key = _version_key(organization_id)
    version = page.get(version_key) or cache.get(version_key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(version_key, version, None)
    page[version_key] = version
    key = f"badge:{name}:{organization_id}:{reader_key}:{version}"
    value = cache.get(key)
    if value is None:
        value = count()
        cache.set(key, value, TTL)
    return value


def changed(organization_id):
    """Forget the account's counts: the next page counts again.

    Once now, for this request's next page, and once the change is committed: a page counted in
    between, by another request, saw the rows before the change.
    """
    key = _version_key(organization_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
