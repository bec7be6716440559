from django.utils.functional import SimpleLazyObject

from accounts.selectors import current_membership, membership_list_of


class CurrentMembershipMiddleware:
    """Attach `request.membership`: the signed-in user's place in the host account they are working in,
    and `request.user_memberships`: all their accounts (the switcher's), read with it in one query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memberships = SimpleLazyObject(
            lambda: membership_list_of(request.user) if request.user.is_authenticated else []
        )
        request.user_memberships = memberships
        request.membership = SimpleLazyObject(lambda: current_membership(request, memberships))
        return self.get_response(request)
