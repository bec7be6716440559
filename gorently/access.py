"""Tenancy access helpers: every host view goes through these.

Like Zulip's access helpers, a row of another host account and a row that does
not exist look the same (404); a role that is too low is told so (403).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from accounts.models import Role


def host_view(view=None, *, role=Role.CONCIERGE):
    """Require a signed-in member of a host account with at least `role`."""

    def decorate(func):
        @login_required
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not request.membership:
                return redirect("accounts:no_account")
            require_role(request.membership, role)
            return func(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view else decorate


def require_role(membership, role):
    if not membership.has_role(role):
        raise PermissionDenied


def get_or_404(queryset, **lookup):
    """Fetch one row from an already tenant-scoped queryset; bad ids are 404 too."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
