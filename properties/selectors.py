import re

from accounts.models import Role
from gorently.access import get_or_404, require_role
from properties.models import Brand, Property


def properties_of(membership, *, include_archived=False):
    """The properties a member may see: all of the account's for owners, else those assigned."""
    rows = Property.objects.filter(organization=membership.organization)
    if not membership.sees_all_properties:
        rows = rows.filter(memberships=membership)
    if not include_archived:
        rows = rows.active()
    return rows


def get_property_for(membership, pk, *, write=False):
    """One visible property; 404 if it is not visible, 403 if `write` and the role may not edit."""
    if write:
        require_role(membership, Role.MANAGER)
    return get_or_404(properties_of(membership, include_archived=True).select_related("brand"), pk=pk)


def account_brand(organization):
    """The account's brand; the defaults (unsaved) until the host saves one."""
    return Brand.objects.filter(organization=organization, property=None).first() or Brand(organization=organization)


def brand_for(property):
    """The brand a property's guest pages use: its own override, else the account's."""
    try:
        return property.brand
    except Brand.DoesNotExist:
        return account_brand(property.organization)


GUIDE_TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]{1,32}")


def property_for_guide_token(token):
    """The active property whose public guide this token opens; None for a wrong token or an archived property."""
    # Tokens are secrets.token_urlsafe(); anything else opens nothing without asking the database.
    if not token or not GUIDE_TOKEN_CHARACTERS.fullmatch(token):
        return None
    return Property.objects.active().select_related("organization", "brand").filter(guide_token=token).first()
