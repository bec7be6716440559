"""Tenancy access helper: every tenant row a view reaches goes through an actor-scoped queryset and this.

Like Zulip's access helpers, a row of another host account and a row that does
not exist look the same (404); a rule that refuses is a 403 (accounts.permissions).
"""

from django.http import Http404


def get_or_404(queryset, **lookup):
    """Fetch one row from an already tenant-scoped queryset; bad ids are 404 too."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
