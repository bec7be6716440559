from accounts.permissions import Allowed


def membership(request):
    member = getattr(request, "membership", None)
    return {
        # Unwrap the lazy object so templates can test `{% if membership %}` on None.
        "membership": member if member else None,
        # The role rules for the signed-in member: `{% if can.edit_reservations %}`.
        "can": Allowed(member if member else None),
        # For the host-account switcher: read with the membership (accounts.middleware).
        "user_memberships": getattr(request, "user_memberships", []),
    }
