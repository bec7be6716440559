"""The activity log's one write path: every significant write calls `record`."""

from accounts.models import ActivityLog, ActorType


def record(*, action, organization=None, request=None, actor=None, actor_type=None, target=None, details=None):
    """Append one entry.

    `actor` is a User, or a label (a guest's name, an integration's name) with
    `actor_type`; with neither, the request's user is the actor, else the system.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if actor is not None and not isinstance(actor, str):
        actor_type, actor_user, actor_label = ActorType.USER, actor, actor.email
    else:
        actor_type = actor_type or ActorType.SYSTEM
        actor_user, actor_label = None, actor or actor_type.label
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
        ip_address=request.META.get("REMOTE_ADDR") or None if request is not None else None,
    )


def record_member_action(membership, action, /, *, target=None, request=None, **details):
    """A member's write, in their host account's log; keyword arguments left over are the details."""
    return record(
        action=action,
        organization=membership.organization,
        request=request,
        actor=membership.user,
        target=target,
        details=details,
    )


def snapshot(instance, fields):
    """Field values as text, to diff before and after a change."""
    return {f: str(getattr(instance, f)) for f in fields}


def changes(before, instance):
    """{field: [old, new]} for the fields of `before` whose value changed on `instance`."""
    after = snapshot(instance, before)
    return {f: [before[f], after[f]] for f in before if before[f] != after[f]}
