from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.activity import record
from accounts.selectors import membership_list_of


def _log_for_each_account(action, request, user):
    # A person's sign-in is visible in the log of every host account they belong to.
    memberships = membership_list_of(user) if user else []
    for membership in memberships or [None]:
        record(action=action, organization=membership and membership.organization, request=request, actor=user)


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    _log_for_each_account("login", request, user)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        _log_for_each_account("logout", request, user)
