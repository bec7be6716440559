"""API keys: finding the key an integration sends, and what a key may do and see as an actor."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.api_keys import create_api_key, key_for, revoke_api_key
from accounts.models import ActorType, ApiKey, ApiKeyScope
from accounts.permissions import Rule
from properties.models import Property

pytestmark = pytest.mark.django_db


def _key(cast, *, scope=ApiKeyScope.READ, properties=(), name="Channel manager"):
    """A key of the cast's account, made by its owner: (the key, its secret)."""
    return create_api_key(actor=cast.owner, name=name, scope=scope, properties=properties)


def _last_used(key):
    return ApiKey.objects.get(pk=key.pk).last_used_at


# --- Finding a key by its secret ---------------------------------------------------------------


def test_key_for_finds_an_active_key_with_its_account(cast):
    key, secret = _key(cast)

    found = key_for(secret)

    assert found == key
    assert found.organization == cast.organization


@pytest.mark.parametrize(
    "raw",
    [None, "", "gr_", "gr_abc", "nonsense", "Bearer gr_abc_def", "xx_abcd1234_secret", "gr_abcd1234_" + "a" * 100],
    ids=["none", "empty", "prefix only", "no secret", "no underscores", "with scheme", "wrong tag", "too long"],
)
def test_key_for_refuses_a_malformed_key(cast, raw):
    _key(cast)

    assert key_for(raw) is None


def test_key_for_refuses_a_key_never_made(cast):
    _key(cast)
    unknown, _, _ = ApiKey.new_key()

    assert key_for(unknown) is None


def test_key_for_refuses_a_revoked_key(cast):
    key, secret = _key(cast)
    revoke_api_key(actor=cast.owner, key=key)

    assert key_for(secret) is None


def test_key_for_refuses_the_right_prefix_with_a_wrong_secret(cast):
    key, secret = _key(cast)
    forged = f"gr_{key.prefix}_{'x' * len(secret.split('_', 2)[2])}"

    assert forged != secret
    assert key_for(forged) is None


def test_key_for_refuses_a_secret_that_differs_by_one_character(cast):
    _, secret = _key(cast)
    tampered = secret[:-1] + ("A" if secret[-1] != "A" else "B")

    assert key_for(tampered) is None


def test_a_new_key_was_never_used(cast):
    key, _ = _key(cast)

    assert key.last_used_at is None


def test_using_a_key_records_when(cast):
    key, secret = _key(cast)
    before = timezone.now()

    key_for(secret)

    assert _last_used(key) >= before


def test_last_use_is_written_at_most_once_a_minute(cast):
    key, secret = _key(cast)
    recently = timezone.now() - timedelta(seconds=30)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=recently)

    found = key_for(secret)

    assert _last_used(key) == recently
    assert found.last_used_at == recently


def test_last_use_is_written_again_after_a_minute(cast):
    key, secret = _key(cast)
    a_while_ago = timezone.now() - timedelta(minutes=2)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=a_while_ago)

    key_for(secret)

    assert _last_used(key) > a_while_ago + timedelta(minutes=1)


def test_a_refused_key_leaves_last_use_alone(cast):
    key, secret = _key(cast)
    revoke_api_key(actor=cast.owner, key=key)

    key_for(secret)

    assert _last_used(key) is None


# --- Making and revoking keys --------------------------------------------------------------------


def test_only_a_hash_of_the_secret_is_stored(cast):
    key, secret = _key(cast)

    assert secret.startswith(f"gr_{key.prefix}_")
    assert key.key_hash == ApiKey.hash(secret)
    assert secret not in {key.key_hash, key.prefix, key.name}


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_make_keys(cast, role):
    with pytest.raises(PermissionDenied):
        create_api_key(actor=cast.member(role), name="Mine", scope=ApiKeyScope.READ)

    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_revoke_keys(cast, role):
    key, secret = _key(cast)

    with pytest.raises(PermissionDenied):
        revoke_api_key(actor=cast.member(role), key=key)

    assert key_for(secret) is not None


def test_a_key_cannot_be_limited_to_another_accounts_property(cast):
    with pytest.raises(ValidationError):
        _key(cast, properties=[cast.outsider_property])

    assert not ApiKey.objects.exists()


def test_an_owner_cannot_revoke_another_accounts_key(cast):
    key, secret = _key(cast)

    with pytest.raises(ApiKey.DoesNotExist):
        revoke_api_key(actor=cast.outsider, key=key)

    assert key_for(secret) is not None


# --- A key as an actor ---------------------------------------------------------------------------


def test_a_read_key_reads_but_changes_nothing(cast):
    key, _ = _key(cast, scope=ApiKeyScope.READ)

    assert key.can(Rule.VIEW)
    assert key.can(Rule.VIEW_ACTIVITY)
    assert not key.can(Rule.EDIT_RESERVATIONS)
    assert not key.can(Rule.HANDLE_ORDERS)


def test_a_write_key_changes_stays_and_handles_orders(cast):
    key, _ = _key(cast, scope=ApiKeyScope.WRITE)

    assert key.can(Rule.VIEW)
    assert key.can(Rule.EDIT_RESERVATIONS)
    assert key.can(Rule.HANDLE_ORDERS)


@pytest.mark.parametrize(
    "rule",
    [Rule.MANAGE_TEAM, Rule.MANAGE_ACCOUNT, Rule.MANAGE_INTEGRATIONS, Rule.MANAGE_PAYMENTS, Rule.CHECK_IN],
)
def test_no_key_manages_the_account_its_team_or_its_integrations(cast, rule):
    key, _ = _key(cast, scope=ApiKeyScope.WRITE)

    assert not key.can(rule)


def test_a_key_limited_to_some_properties_cannot_read_the_accounts_activity(cast):
    key, _ = _key(cast, scope=ApiKeyScope.WRITE, properties=[cast.villa])

    assert not key.can(Rule.VIEW_ACTIVITY)
    assert key.can(Rule.VIEW)


def test_a_key_for_all_properties_sees_every_property_of_the_account(cast):
    key, _ = _key(cast)

    seen = key.visible_properties(Property.objects.filter(organization=cast.organization))

    assert key.sees_all_properties
    assert set(seen) == {cast.villa, cast.loft}


def test_a_key_limited_to_some_properties_sees_only_those(cast):
    key, _ = _key(cast, properties=[cast.loft])

    seen = key.visible_properties(Property.objects.filter(organization=cast.organization))

    assert not key.sees_all_properties
    assert list(seen) == [cast.loft]


def test_a_key_signs_the_log_as_an_integration(cast):
    key, _ = _key(cast, name="Channel manager")

    actor_type, user, label = key.log_identity()

    assert actor_type == ActorType.INTEGRATION
    assert user is None
    assert label == f"API key Channel manager ({key.prefix})"
