"""The activity log: how entries are attributed, that they are append-only, and sign-in entries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from accounts.activity import changes, record, record_action, snapshot
from accounts.actors import GuestActor, SystemActor
from accounts.models import ActivityLog, ActorType
from tests.factories import PASSWORD, MembershipFactory, UserFactory


def request_from(user, ip="198.51.100.23"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user
    return request


# --- Attribution ---------------------------------------------------------------------------------


def test_an_entry_by_a_user_names_them_and_describes_the_target(cast):
    entry = record(action="property.updated", organization=cast.organization, actor=cast.owner.user, target=cast.villa)

    assert entry.actor_type == ActorType.USER
    assert entry.actor_user == cast.owner.user
    assert entry.actor_label == "owner@seaside.test"
    assert entry.target_type == "properties.property"
    assert entry.target_id == str(cast.villa.pk)
    assert entry.target_label == "Villa Mar"
    assert entry.ip_address is None


def test_an_entry_made_during_a_request_takes_its_user_and_ip(cast):
    entry = record(
        action="reservation.created", organization=cast.organization, request=request_from(cast.manager.user)
    )

    assert entry.actor_type == ActorType.USER
    assert entry.actor_user == cast.manager.user
    assert entry.actor_label == "manager@seaside.test"
    assert entry.ip_address == "198.51.100.23"


def test_an_explicit_actor_wins_over_the_requests_user(cast):
    entry = record(
        action="member.joined",
        organization=cast.organization,
        request=request_from(cast.owner.user),
        actor=cast.concierge.user,
    )

    assert entry.actor_user == cast.concierge.user
    assert entry.ip_address == "198.51.100.23"


def test_an_anonymous_request_is_attributed_to_the_system_but_keeps_its_ip(cast):
    entry = record(action="checkin.viewed", organization=cast.organization, request=request_from(AnonymousUser()))

    assert entry.actor_type == ActorType.SYSTEM
    assert entry.actor_user is None
    assert entry.ip_address == "198.51.100.23"


def test_a_guest_is_recorded_by_their_name_in_their_hosts_log(cast):
    entry = record_action(GuestActor(cast.villa_reservation), "checkin.submitted", target=cast.villa_reservation)

    assert entry.organization == cast.organization
    assert entry.actor_type == ActorType.GUEST
    assert entry.actor_user is None
    assert entry.actor_label == "Ana Villa"


def test_a_run_of_the_platform_is_recorded_as_the_system_or_by_its_name(cast):
    purge = record_action(SystemActor(cast.organization), "checkin.documents_purged")
    sync = record_action(SystemActor(cast.organization, "Guesty sync", type=ActorType.INTEGRATION), "guesty.synced")

    assert (purge.actor_type, purge.actor_label, purge.actor_user) == (ActorType.SYSTEM, "System", None)
    assert (sync.actor_type, sync.actor_label, sync.organization) == (
        ActorType.INTEGRATION,
        "Guesty sync",
        cast.organization,
    )


def test_an_overlong_label_is_cut_to_fit(cast):
    cast.villa_reservation.guest_name = "A" * 150 + " " + "B" * 150
    entry = record_action(GuestActor(cast.villa_reservation), "checkin.submitted")

    assert len(entry.actor_label) == 200


def test_without_any_actor_the_system_did_it(cast):
    entry = record(action="guesty.synced", organization=cast.organization, details={"imported": 3})

    entry.refresh_from_db()
    assert entry.actor_type == ActorType.SYSTEM
    assert entry.actor_label == "System"
    assert entry.actor_user is None
    assert entry.target_type == entry.target_id == entry.target_label == ""
    assert entry.details == {"imported": 3}


def test_a_members_action_is_theirs_in_their_own_account(cast):
    entry = record_action(
        cast.manager,
        "property.updated",
        target=cast.villa,
        request=request_from(cast.manager.user),
        changed={"city": ["Valencia", "Alicante"]},
    )

    entry.refresh_from_db()
    assert entry.organization == cast.organization
    assert entry.action == "property.updated"
    assert entry.actor_type == ActorType.USER
    assert entry.actor_user == cast.manager.user
    assert entry.actor_label == "manager@seaside.test"
    assert entry.target_type == "properties.property"
    assert entry.target_id == str(cast.villa.pk)
    assert entry.details == {"changed": {"city": ["Valencia", "Alicante"]}}
    assert entry.ip_address == "198.51.100.23"


def test_a_members_action_without_details_logs_none(cast):
    entry = record_action(cast.outsider, "form.renamed")

    assert entry.organization == cast.outsider.organization
    assert entry.actor_user == cast.outsider.user
    assert entry.target_type == ""
    assert entry.details == {}


def test_changes_lists_only_the_fields_whose_value_changed(cast):
    before = snapshot(cast.villa, ["name", "city", "max_guests"])
    cast.villa.city = "Alicante"
    cast.villa.max_guests = 8

    assert changes(before, cast.villa) == {"city": ["Valencia", "Alicante"], "max_guests": ["6", "8"]}


# --- Append-only ---------------------------------------------------------------------------------


@pytest.fixture
def entry(cast):
    return record(action="property.created", organization=cast.organization, target=cast.villa)


def test_a_saved_entry_cannot_be_edited(entry):
    entry.action = "property.deleted"

    with pytest.raises(PermissionError):
        entry.save()

    entry.refresh_from_db()
    assert entry.action == "property.created"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(PermissionError):
        entry.delete()

    assert ActivityLog.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_updated_in_bulk(entry):
    with pytest.raises(PermissionError):
        ActivityLog.objects.filter(pk=entry.pk).update(action="property.deleted")

    entry.refresh_from_db()
    assert entry.action == "property.created"


def test_entries_cannot_be_deleted_in_bulk(entry):
    with pytest.raises(PermissionError):
        ActivityLog.objects.all().delete()

    assert ActivityLog.objects.filter(pk=entry.pk).exists()


# --- Signing in and out --------------------------------------------------------------------------


def test_signing_in_writes_a_login_entry_in_each_of_the_users_accounts(cast, client):
    second = MembershipFactory(user=cast.manager.user)

    response = client.post(
        reverse("accounts:login"),
        {"username": "manager@seaside.test", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.44",
    )

    assert response.status_code == 302
    entries = ActivityLog.objects.filter(action="login")
    assert {e.organization for e in entries} == {cast.organization, second.organization}
    assert all(e.actor_user == cast.manager.user and e.ip_address == "192.0.2.44" for e in entries)


def test_a_failed_sign_in_writes_no_login_entry(cast, client):
    client.post(reverse("accounts:login"), {"username": "manager@seaside.test", "password": "wrong"})

    assert not ActivityLog.objects.filter(action="login").exists()


@pytest.mark.django_db
def test_signing_in_without_an_account_writes_one_entry_outside_any_account(client):
    user = UserFactory(email="loner@example.com")

    client.force_login(user)

    entry = ActivityLog.objects.get(action="login")
    assert entry.organization is None
    assert entry.actor_user == user


def test_signing_out_writes_a_logout_entry(cast, client):
    client.force_login(cast.owner.user)

    client.post(reverse("accounts:logout"))

    entry = ActivityLog.objects.get(action="logout")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.owner.user
