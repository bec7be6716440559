"""Who does something: the one shape services, selectors and the activity log expect.

A team member (`accounts.models.Membership`), a guest in their portal, a background
run or a provider's webhook (`accounts.actors`), and later an API key, each say
which host account they act in, what they may do, which properties they see, and
how the activity log names them.
"""

from typing import NamedTuple, Protocol


class LogIdentity(NamedTuple):
    type: str  # accounts.models.ActorType
    user: object | None  # the User, for a person who signs in
    label: str  # kept in the log even when the user is deleted


class Actor(Protocol):
    organization: object
    sees_all_properties: bool  # lets a selector skip narrowing by property

    def can(self, rule) -> bool:
        """Whether a named rule of accounts.permissions allows this actor."""

    def visible_properties(self, properties):
        """`properties` (a queryset of this account's) narrowed to those this actor sees."""

    def log_identity(self) -> LogIdentity: ...
