"""Actors that are not a signed-in team member (see gorently.actors): a guest, the system, an integration."""

from dataclasses import dataclass

from accounts.models import ActorType
from accounts.permissions import Rule
from gorently.actors import LogIdentity


@dataclass(frozen=True)
class GuestActor:
    """The guest holding a reservation's secret link: acts on that one stay only."""

    reservation: object
    sees_all_properties = False

    @property
    def organization(self):
        return self.reservation.organization

    def can(self, rule):
        return rule == Rule.CHECK_IN

    def visible_properties(self, properties):
        return properties.filter(pk=self.reservation.property_id)

    def log_identity(self):
        # The activity log is read by hosts: never in the guest's language.
        return LogIdentity(ActorType.GUEST, None, self.reservation.guest_name or "Guest")


@dataclass(frozen=True)
class SystemActor:
    """Work the platform does for an account on its own (a scheduled purge, a sync run, a provider's webhook)."""

    organization: object
    label: str = ""
    type: str = ActorType.SYSTEM
    rules: frozenset = frozenset()
    sees_all_properties = True

    def can(self, rule):
        return rule in self.rules

    def visible_properties(self, properties):
        return properties

    def log_identity(self):
        return LogIdentity(self.type, None, self.label or ActorType(self.type).label)
