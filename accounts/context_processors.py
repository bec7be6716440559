from django.utils.functional import SimpleLazyObject

from accounts.permissions import Allowed
from accounts.selectors import memberships_of


def membership(request):
    member = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        # Unwrap the lazy object so templates can test `{% if membership %}` on None.
        "membership": member if member else None,
        # The role rules for the signed-in member: `{% if can.edit_reservations %}`.
        "can": Allowed(member if member else None),
        # For the host-account switcher; queried only on pages that show it.
        "user_memberships": SimpleLazyObject(
            lambda: list(memberships_of(user)) if user is not None and user.is_authenticated else []
        ),
    }
