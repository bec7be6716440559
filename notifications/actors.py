"""The actor for messages the platform sends on its own (automations, fallbacks)."""

from accounts.actors import SystemActor
from accounts.models import ActorType


def automation(organization, label):
    return SystemActor(organization, f"Automation: {label}", type=ActorType.SYSTEM)
