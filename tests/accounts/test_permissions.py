"""Who may do what: every named rule, for each role of a host account's team."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.actors import GuestActor, SystemActor
from accounts.models import Membership
from accounts.permissions import ALLOWED, Allowed, Role, Rule, require

OWNER, MANAGER, CONCIERGE = Role.OWNER, Role.MANAGER, Role.CONCIERGE

# The rules as a host reads them: which roles each one lets in.
EXPECTED = {
    Rule.VIEW: {OWNER, MANAGER, CONCIERGE},
    Rule.MANAGE_ACCOUNT: {OWNER},
    Rule.MANAGE_TEAM: {OWNER},
    Rule.VIEW_ACTIVITY: {OWNER},
    Rule.ADD_PROPERTIES: {OWNER},
    Rule.ARCHIVE_PROPERTIES: {OWNER},
    Rule.EDIT_PROPERTIES: {OWNER, MANAGER},
    Rule.EDIT_SHARED_GUIDE: {OWNER},
    Rule.EDIT_RESERVATIONS: {OWNER, MANAGER},
    Rule.EDIT_CHECKIN_FORMS: {OWNER, MANAGER},
    Rule.EDIT_DEFAULT_FORM: {OWNER},
    Rule.MANAGE_CHECKINS: {OWNER, MANAGER},
    Rule.PURGE_DOCUMENTS: {OWNER, MANAGER},
    Rule.EXPORT_GUEST_REGISTER: {OWNER, MANAGER},  # identity data: not concierges
    Rule.MANAGE_INTEGRATIONS: {OWNER},  # credentials of the whole account's PMS
    Rule.MANAGE_PAYMENTS: {OWNER},  # the account's Stripe account and what it sells
    Rule.HANDLE_ORDERS: {OWNER, MANAGER},  # concierges see orders, but money is not theirs to move
    Rule.VIEW_REVENUE: {OWNER, MANAGER},
    Rule.CHECK_IN: set(),
}


def test_every_rule_is_in_the_table():
    assert set(ALLOWED) == set(Rule) == set(EXPECTED)


@pytest.mark.parametrize("rule", list(Rule))
@pytest.mark.parametrize("role", list(Role))
def test_a_member_may_do_what_their_role_is_allowed(rule, role):
    assert Membership(role=role).can(rule) is (role in EXPECTED[rule])


def test_a_refused_rule_is_a_403():
    with pytest.raises(PermissionDenied):
        require(Membership(role=Role.CONCIERGE), Rule.EDIT_RESERVATIONS)
    require(Membership(role=Role.MANAGER), Rule.EDIT_RESERVATIONS)


def test_only_owners_see_every_property():
    assert [Membership(role=role).sees_all_properties for role in (OWNER, MANAGER, CONCIERGE)] == [True, False, False]


def test_templates_read_the_same_rules(cast):
    can = Allowed(cast.manager)

    assert can.edit_reservations is True
    assert can.manage_team is False
    assert Allowed(None).view is False
    with pytest.raises(AttributeError):
        can.something_nobody_defined  # noqa: B018  (a typo in a template must not read as "allowed")


def test_a_guest_may_only_check_in_and_sees_only_their_stays_property(cast):
    guest = GuestActor(cast.villa_reservation)

    assert [rule for rule in Rule if guest.can(rule)] == [Rule.CHECK_IN]
    assert guest.organization == cast.organization
    assert list(guest.visible_properties(cast.organization.properties.all())) == [cast.villa]


def test_the_system_may_do_what_it_is_given_and_nothing_else(cast):
    purge = SystemActor(cast.organization, rules=frozenset({Rule.PURGE_DOCUMENTS}))

    assert purge.can(Rule.PURGE_DOCUMENTS)
    assert not purge.can(Rule.MANAGE_TEAM)
