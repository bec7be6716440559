"""Property reads: who sees which property, and which brand a property's guest pages use."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.permissions import Role
from properties.models import Brand
from properties.selectors import account_brand, brand_for, get_property_for, properties_of
from properties.services import update_property
from tests.factories import MembershipFactory


def archive(property):
    property.archived_at = timezone.now()
    property.save()


# --- Listing -------------------------------------------------------------------------------------


def test_an_owner_sees_every_property_of_their_account(cast):
    assert list(properties_of(cast.owner)) == [cast.loft, cast.villa]


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_a_manager_or_concierge_sees_only_the_assigned_properties(cast, role):
    assert list(properties_of(cast.member(role))) == [cast.villa]


def test_a_member_with_no_assigned_property_sees_none(cast):
    unassigned = MembershipFactory(organization=cast.organization, role=Role.MANAGER)

    assert list(properties_of(unassigned)) == []


def test_an_outsider_sees_only_their_own_account(cast):
    assert list(properties_of(cast.outsider)) == [cast.outsider_property]


def test_archived_properties_are_left_out_unless_asked_for(cast):
    archive(cast.villa)

    assert list(properties_of(cast.owner)) == [cast.loft]
    assert list(properties_of(cast.manager)) == []
    assert list(properties_of(cast.owner, include_archived=True)) == [cast.loft, cast.villa]
    assert list(properties_of(cast.manager, include_archived=True)) == [cast.villa]


# --- Fetching one --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager", "concierge"])
def test_a_visible_property_is_found_by_every_role(cast, role):
    assert get_property_for(cast.member(role), cast.villa.pk) == cast.villa


def test_an_archived_property_can_still_be_opened(cast):
    archive(cast.villa)

    assert get_property_for(cast.manager, cast.villa.pk) == cast.villa


@pytest.mark.parametrize(
    ("role", "pk"),
    [
        ("owner", lambda cast: cast.outsider_property.pk),
        ("manager", lambda cast: cast.loft.pk),
        ("concierge", lambda cast: cast.loft.pk),
        ("owner", lambda cast: 999_999),
        ("owner", lambda cast: "abc"),
        ("owner", lambda cast: None),
    ],
    ids=["other-account", "unassigned-manager", "unassigned-concierge", "missing", "garbage", "none"],
)
def test_a_property_the_member_may_not_see_looks_missing(cast, role, pk):
    with pytest.raises(Http404):
        get_property_for(cast.member(role), pk(cast))


def test_a_concierge_sees_an_assigned_property_but_may_not_change_it(cast):
    assert get_property_for(cast.concierge, cast.villa.pk) == cast.villa
    with pytest.raises(PermissionDenied):
        update_property(actor=cast.concierge, property=cast.villa, name="Villa Sol")
    cast.villa.refresh_from_db()
    assert cast.villa.name == "Villa Mar"


def test_a_manager_changes_an_assigned_property(cast):
    update_property(actor=cast.manager, property=get_property_for(cast.manager, cast.villa.pk), name="Villa Sol")

    cast.villa.refresh_from_db()
    assert cast.villa.name == "Villa Sol"


# --- Branding ------------------------------------------------------------------------------------


def test_without_a_saved_brand_the_account_uses_the_defaults(cast):
    brand = account_brand(cast.organization)

    assert brand.pk is None
    assert brand.organization == cast.organization
    assert (brand.primary_color, brand.accent_color) == ("#1a6b5c", "#e0a526")


def test_a_property_without_an_override_uses_the_account_brand(cast):
    account = Brand.objects.create(organization=cast.organization, primary_color="#000080")
    Brand.objects.create(organization=cast.outsider.organization, primary_color="#800000")

    assert brand_for(cast.villa) == account


def test_a_property_override_wins_over_the_account_brand(cast):
    Brand.objects.create(organization=cast.organization, primary_color="#000080")
    override = Brand.objects.create(organization=cast.organization, property=cast.villa, primary_color="#008000")

    assert brand_for(get_property_for(cast.owner, cast.villa.pk)) == override
    assert brand_for(get_property_for(cast.owner, cast.loft.pk)).primary_color == "#000080"
