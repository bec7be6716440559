"""Start the recurring tasks (each re-queues itself), unless one is already waiting.

`make run` calls this before starting the worker; a deployment calls it once per
release (it is safe to repeat).
"""

from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string


def recurring_tasks():
    """Tasks that queue their own next run, as each app declares them (`AppConfig.recurring_tasks`)."""
    return [import_string(path) for config in apps.get_app_configs() for path in getattr(config, "recurring_tasks", ())]


def is_pending(task):
    """True when the database queue already holds a waiting instance of `task`, or one
    started within the hour (it queues its successor when done). A run left "running"
    by a killed worker does not count for ever.

    Only the database backend can be asked; with another backend the answer is False.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    running = Q(status=TaskResultStatus.RUNNING, started_at__gte=timezone.now() - timedelta(hours=1))
    return (
        DBTaskResult.objects.filter(backend_name=backend.alias, task_path=task.module_path)
        .filter(Q(status=TaskResultStatus.READY) | running)
        .exists()
    )


class Command(BaseCommand):
    help = "Queue the recurring tasks every app declares (document purge, Guesty schedule, payments) unless queued."

    def handle(self, *args, **options):
        for task in recurring_tasks():
            if not task.get_backend().supports_defer:
                self.stdout.write(f"{task.name}: the task backend cannot defer tasks; not scheduled.")
            elif is_pending(task):
                self.stdout.write(f"{task.name}: already scheduled.")
            else:
                result = task.enqueue()
                self.stdout.write(self.style.SUCCESS(f"{task.name}: queued ({result.id})."))
