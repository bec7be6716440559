"""Check-in's tasks moved from `reservations.tasks` to `reservations.checkin.tasks`: tasks still waiting
in the database queue (a host's "guest checked in" email, tomorrow's purge) follow them, so none fails
to import after the upgrade. Jobs waiting on Redis (TASKS_BACKEND=rq) cannot be reached from here.
"""

from django.db import migrations

MOVED = ["notify_host_of_checkin", "purge_guest_documents_daily"]


def follow(apps, schema_editor, *, old="reservations.tasks", new="reservations.checkin.tasks"):
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects.using(schema_editor.connection.alias)
    for name in MOVED:
        results.filter(task_path=f"{old}.{name}", status="READY").update(task_path=f"{new}.{name}")


def go_back(apps, schema_editor):
    follow(apps, schema_editor, old="reservations.checkin.tasks", new="reservations.tasks")


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0002_own_tables"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(follow, go_back)]
