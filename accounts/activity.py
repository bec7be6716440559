"""The activity log's one write path: every significant write calls `record_action` (or `record`)."""

from accounts.models import ActivityLog, ActorType
from gorently.throttle import client_ip


def record(*, action, organization=None, request=None, actor=None, target=None, details=None):
    """Append one entry.

    `actor` is an actor (gorently.actors: a member, a guest, the system) or a User
    (signing in and out, before any account is chosen); with neither, the request's
    user is the actor, else the system.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if hasattr(actor, "log_identity"):
        actor_type, actor_user, actor_label = actor.log_identity()
    elif actor is not None:
        actor_type, actor_user, actor_label = ActorType.USER, actor, actor.email
    else:
        actor_type, actor_user, actor_label = ActorType.SYSTEM, None, str(ActorType.SYSTEM.label)
    return ActivityLog.objects.create(
        organization=organization,
        action=action,
        actor_type=actor_type,
        actor_user=actor_user,
        actor_label=actor_label[:200],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        details=details or {},
        ip_address=(client_ip(request) or None) if request is not None else None,
    )


def record_action(actor, action, /, *, target=None, request=None, **details):
    """What an actor did in their host account's log; keyword arguments left over are the details."""
    return record(
        action=action, organization=actor.organization, request=request, actor=actor, target=target, details=details
    )


def snapshot(instance, fields):
    """Field values as text, to diff before and after a change."""
    return {f: str(getattr(instance, f)) for f in fields}


def changes(before, instance):
    """{field: [old, new]} for the fields of `before` whose value changed on `instance`."""
    after = snapshot(instance, before)
    return {f: [before[f], after[f]] for f in before if before[f] != after[f]}
