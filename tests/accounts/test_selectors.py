"""Account reads: which host account a person works in, their team, and the account's log."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.activity import record
from accounts.models import ActivityLog, ActorType, Membership
from accounts.selectors import (
    SESSION_KEY,
    activity_actions_of,
    activity_of,
    current_membership,
    get_invitation_for,
    get_member_for,
    invitation_by_token,
    membership_list_of,
    memberships_of,
    pending_invitations_of,
    team_of,
)
from tests.factories import InvitationFactory, MembershipFactory, OrganizationFactory


def request_for(user, session=None):
    request = RequestFactory().get("/")
    request.user = user
    request.session = session or {}
    return request


@pytest.fixture
def two_accounts(cast):
    """The manager also owns a second account, joined a day after the first."""
    second = MembershipFactory(user=cast.manager.user, organization=OrganizationFactory(name="Another Stays"))
    Membership.objects.filter(pk=second.pk).update(created_at=cast.manager.created_at + timedelta(days=1))
    return cast.manager, second


# --- Current membership --------------------------------------------------------------------------


def test_the_current_membership_is_the_one_chosen_in_the_session(two_accounts):
    first, second = two_accounts

    membership = current_membership(request_for(first.user, {SESSION_KEY: second.organization_id}))

    assert membership == second


def test_without_a_choice_the_current_membership_is_the_earliest_joined(two_accounts):
    first, _second = two_accounts

    assert current_membership(request_for(first.user)) == first


def test_a_session_choice_of_an_account_the_user_is_not_in_is_ignored(cast, two_accounts):
    first, _second = two_accounts

    membership = current_membership(request_for(first.user, {SESSION_KEY: cast.outsider.organization_id}))

    assert membership == first


def test_an_anonymous_visitor_has_no_membership(cast):
    assert current_membership(request_for(AnonymousUser(), {SESSION_KEY: cast.organization.pk})) is None


def test_a_person_without_an_account_has_no_membership(cast):
    cast.concierge.delete()

    assert current_membership(request_for(cast.concierge.user)) is None


def test_the_current_membership_is_picked_from_the_switchers_memberships_without_a_query(
    two_accounts, django_assert_num_queries
):
    first, second = two_accounts
    memberships = list(memberships_of(first.user))
    request = request_for(first.user, {SESSION_KEY: second.organization_id})

    with django_assert_num_queries(0):
        membership = current_membership(request, memberships)
        assert (membership, membership.user, membership.organization.name) == (second, first.user, "Another Stays")


def test_a_host_page_reads_the_persons_memberships_once_for_the_page_and_the_switcher(two_accounts, client_for):
    first, _second = two_accounts
    client = client_for(first)

    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("properties:list"))

    assert response.context["membership"] == first
    assert len(response.context["user_memberships"]) == 2
    assert sum('FROM "accounts_membership"' in query["sql"] for query in page.captured_queries) == 1


def test_memberships_of_lists_a_persons_accounts_by_name(two_accounts):
    first, second = two_accounts

    assert list(memberships_of(first.user)) == [second, first]  # "Another Stays" < "Seaside Stays"


def test_the_list_every_page_reads_is_the_same_memberships_with_their_accounts(two_accounts, cast):
    first, second = two_accounts

    read = membership_list_of(first.user)

    assert read == [second, first]
    assert [m.organization.name for m in read] == ["Another Stays", "Seaside Stays"]
    assert membership_list_of(cast.outsider.user) == [cast.outsider]


# --- Team ----------------------------------------------------------------------------------------


def test_the_team_is_the_accounts_members_only(cast):
    assert list(team_of(cast.manager)) == [cast.concierge, cast.manager, cast.owner]


def test_a_member_of_another_account_is_not_found(cast):
    assert get_member_for(cast.owner, cast.concierge.pk) == cast.concierge
    with pytest.raises(Http404):
        get_member_for(cast.owner, cast.outsider.pk)
    with pytest.raises(Http404):
        get_member_for(cast.owner, "not-a-number")


def test_pending_invitations_are_the_accounts_live_ones(cast):
    live = InvitationFactory(organization=cast.organization, properties=[cast.villa, cast.loft])
    InvitationFactory(organization=cast.organization, revoked_at=timezone.now())
    InvitationFactory(organization=cast.outsider.organization)

    invitations = list(pending_invitations_of(cast.owner))

    assert invitations == [live]
    assert invitations[0].property_count == 2


def test_an_invitation_of_another_account_is_not_found(cast):
    ours = InvitationFactory(organization=cast.organization)
    theirs = InvitationFactory(organization=cast.outsider.organization)

    assert get_invitation_for(cast.owner, ours.pk) == ours
    with pytest.raises(Http404):
        get_invitation_for(cast.owner, theirs.pk)


def test_an_invitation_is_found_by_its_raw_token_while_pending(cast):
    invitation = InvitationFactory(organization=cast.organization, token="raw-token")
    InvitationFactory(organization=cast.organization, token="expired", expires_at=timezone.now())

    assert invitation_by_token("raw-token") == invitation
    assert invitation_by_token(invitation.token_hash) is None
    assert invitation_by_token("expired") is None
    assert invitation_by_token("") is None
    assert invitation_by_token(None) is None


# --- Activity ------------------------------------------------------------------------------------


def at(day, hour=12):
    return datetime(2030, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def log(cast):
    """Entries in the cast's account, and the same actions in the outsider's account."""

    def entry(organization, action, actor_label, day, target_label=""):
        return ActivityLog.objects.create(
            organization=organization,
            action=action,
            actor_type=ActorType.USER,
            actor_label=actor_label,
            target_label=target_label,
            created_at=at(day),
        )

    ours = {
        "created": entry(cast.organization, "reservation.created", "owner@seaside.test", 1, "GR-AAAAAA — Ana"),
        "updated": entry(cast.organization, "reservation.updated", "manager@seaside.test", 2, "GR-AAAAAA — Ana"),
        "property": entry(cast.organization, "property.created", "owner@seaside.test", 3, "Villa Mar"),
        "login": entry(cast.organization, "login", "manager@seaside.test", 4),
    }
    rival = cast.outsider.organization
    theirs = [
        entry(rival, "reservation.created", "owner@seaside.test", 1, "GR-AAAAAA — Ana"),
        entry(rival, "reservation.updated", "manager@seaside.test", 2, "Villa Mar"),
        entry(rival, "property.created", "owner@rival.test", 3, "Villa Mar"),
    ]
    return ours, theirs


def test_the_log_is_the_accounts_own_newest_first(cast, log):
    ours, _theirs = log

    assert list(activity_of(cast.owner)) == [ours["login"], ours["property"], ours["updated"], ours["created"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"action": "reservation."}, ["updated", "created"]),
        ({"action": "reservation.created"}, ["created"]),
        ({"actor": "MANAGER@"}, ["login", "updated"]),
        ({"date_from": at(2).date()}, ["login", "property", "updated"]),
        ({"date_to": at(2).date()}, ["updated", "created"]),
        ({"date_from": at(2).date(), "date_to": at(3).date()}, ["property", "updated"]),
        ({"query": "villa"}, ["property"]),
        ({"action": "reservation.", "actor": "owner"}, ["created"]),
    ],
)
def test_log_filters_never_return_another_accounts_entries(cast, log, filters, expected):
    ours, theirs = log

    rows = list(activity_of(cast.owner, **filters))

    assert rows == [ours[name] for name in expected]
    assert not set(rows) & set(theirs)


def test_the_actions_offered_as_filters_are_the_accounts_own(cast, log):
    record(action="brand.updated", organization=cast.outsider.organization)

    assert list(activity_actions_of(cast.owner)) == [
        "login",
        "property.created",
        "reservation.created",
        "reservation.updated",
    ]


# --- Roles ---------------------------------------------------------------------------------------
