"""Who may do what: the roles of a host account's team and every named rule, in one place.

Views declare the rule they need (`@host_view(Rule.EDIT_RESERVATIONS)`), services
check it again for whoever calls them (`require(actor, Rule.EDIT_RESERVATIONS)`),
and templates read the same rules through the `can` context value
(`{% if can.manage_team %}`). Which rows an actor sees is the selectors' job
(`visible_properties`); a row out of sight is 404, a rule that refuses is 403.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Property manager")
    CONCIERGE = "concierge", _("Concierge")


class Rule(StrEnum):
    VIEW = "view"  # the dashboard, properties, reservations, guides and check-ins one sees
    MANAGE_ACCOUNT = "manage_account"  # account settings and account-wide branding
    MANAGE_TEAM = "manage_team"
    VIEW_ACTIVITY = "view_activity"
    ADD_PROPERTIES = "add_properties"
    ARCHIVE_PROPERTIES = "archive_properties"
    EDIT_PROPERTIES = "edit_properties"  # details, branding override and guide of one's properties
    EDIT_SHARED_GUIDE = "edit_shared_guide"  # sections shared across the account's properties
    EDIT_RESERVATIONS = "edit_reservations"  # add and change stays, guest links
    EDIT_CHECKIN_FORMS = "edit_checkin_forms"  # forms used only by one's own properties
    EDIT_DEFAULT_FORM = "edit_default_form"  # the account's default form, and any form of others' properties
    MANAGE_CHECKINS = "manage_checkins"  # reopen a check-in for corrections
    PURGE_DOCUMENTS = "purge_documents"  # delete identity documents before the retention period ends
    EXPORT_GUEST_REGISTER = "export_guest_register"  # every guest's identity data for a range of arrivals
    MANAGE_INTEGRATIONS = "manage_integrations"  # connect Guesty, import listings, map fields, run syncs
    MANAGE_PAYMENTS = "manage_payments"  # connect Stripe, the extras catalogue, deposits
    HANDLE_ORDERS = "handle_orders"  # approve or decline extras, refund, claim or release deposits
    VIEW_REVENUE = "view_revenue"  # the revenue report of one's properties
    CHECK_IN = "check_in"  # a guest filling in their own check-in


EVERY_ROLE = frozenset(Role)
OWNERS = frozenset({Role.OWNER})
MANAGERS = frozenset({Role.OWNER, Role.MANAGER})

# Which roles each rule allows. A managers' rule applies to the properties they are assigned.
ALLOWED = {
    Rule.VIEW: EVERY_ROLE,
    Rule.MANAGE_ACCOUNT: OWNERS,
    Rule.MANAGE_TEAM: OWNERS,
    Rule.VIEW_ACTIVITY: OWNERS,
    Rule.ADD_PROPERTIES: OWNERS,
    Rule.ARCHIVE_PROPERTIES: OWNERS,
    Rule.EDIT_PROPERTIES: MANAGERS,
    Rule.EDIT_SHARED_GUIDE: OWNERS,
    Rule.EDIT_RESERVATIONS: MANAGERS,
    Rule.EDIT_CHECKIN_FORMS: MANAGERS,
    Rule.EDIT_DEFAULT_FORM: OWNERS,
    Rule.MANAGE_CHECKINS: MANAGERS,
    Rule.PURGE_DOCUMENTS: MANAGERS,
    Rule.EXPORT_GUEST_REGISTER: MANAGERS,
    Rule.MANAGE_INTEGRATIONS: OWNERS,
    Rule.MANAGE_PAYMENTS: OWNERS,
    Rule.HANDLE_ORDERS: MANAGERS,
    Rule.VIEW_REVENUE: MANAGERS,
    Rule.CHECK_IN: frozenset(),  # no team member checks in for a guest
}


def role_allows(role, rule):
    return role in ALLOWED[Rule(rule)]


def sees_every_property(role):
    return role == Role.OWNER


def require(actor, rule):
    """Refuse (403) unless the rule allows the actor."""
    if not actor.can(rule):
        raise PermissionDenied


def host_view(rule=Rule.VIEW):
    """Require a signed-in member of a host account whom `rule` allows."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.membership:
                return redirect("accounts:no_account")
            require(request.membership, rule)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


class Allowed:
    """Every rule as an attribute for templates: `{% if can.edit_reservations %}`."""

    def __init__(self, actor):
        self._actor = actor

    def __getattr__(self, name):
        try:
            rule = Rule(name)
        except ValueError:
            raise AttributeError(name) from None
        return self._actor is not None and self._actor.can(rule)
