from django.utils.functional import SimpleLazyObject

from accounts.selectors import current_membership


class CurrentMembershipMiddleware:
    """Attach `request.membership`: the signed-in user's place in the host account they are working in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
