"""What the Guesty terminal commands share: finding the account, and running a sync with a progress bar."""

import time

from django.core.management.base import CommandError
from tqdm import tqdm

from accounts.models import Organization
from reservations.guesty.models import SyncStatus
from reservations.guesty.services.engine import execute
from reservations.guesty.services.runs import queue_run

COUNTED = ("created", "updated", "unchanged", "skipped", "failed")


def follow(run, progress, poll=1.0):
    """Wait for a run another worker does (or the one busy before it, then it), showing its progress."""
    while True:
        run.refresh_from_db()
        progress(run)
        if run.status in (SyncStatus.SUCCEEDED, SyncStatus.FAILED):
            return run
        if run.status == SyncStatus.QUEUED:
            done = execute(run.pk, progress=progress)  # free now that the busy one has finished?
            if done is not None:
                return done
        time.sleep(poll)


def account(slug):
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise CommandError(f"No host account with the slug “{slug}”.")
    return organization


def run_in_foreground(command, *, organization, kind, cursor=None):
    """Run a sync here with a progress bar, as a task would; raises CommandError when it fails.

    A run of this kind already waiting is taken over; if a worker has just claimed it, or another
    one is busy, the command follows that run to its end instead.
    """
    run = queue_run(organization=organization, kind=kind, trigger="Terminal", cursor=cursor, enqueue=False)
    with tqdm(desc=str(run.get_kind_display()), unit=" pages", file=command.stderr, leave=True) as bar:

        def progress(run):
            bar.n = run.pages
            bar.set_postfix({name: getattr(run, name) for name in COUNTED}, refresh=True)

        done = execute(run.pk, progress=progress) or follow(run, progress)
    summary = ", ".join(f"{getattr(done, name)} {name}" for name in COUNTED)
    if done.status != SyncStatus.SUCCEEDED:
        raise CommandError(f"{done.get_kind_display()} #{done.pk} failed: {done.error} ({summary})")
    command.stdout.write(
        command.style.SUCCESS(
            f"{done.get_kind_display()} #{done.pk}: {done.pages} pages, {summary}, {done.requests} requests."
        )
    )
    return done
