"""What the Guesty terminal commands share: finding the account, and running a sync with a progress bar."""

from django.core.management.base import CommandError
from tqdm import tqdm

from accounts.models import Organization
from reservations.guesty.models import SyncStatus
from reservations.guesty.services.engine import execute
from reservations.guesty.services.runs import queue_run

COUNTED = ("created", "updated", "unchanged", "skipped", "failed")


def account(slug):
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise CommandError(f"No host account with the slug “{slug}”.")
    return organization


def run_in_foreground(command, *, organization, kind, cursor=None):
    """Queue a run as the web pages would, then run it here with a progress bar; raises CommandError on failure."""
    run = queue_run(organization=organization, kind=kind, trigger="Terminal", cursor=cursor)
    with tqdm(desc=str(run.get_kind_display()), unit=" pages", file=command.stderr, leave=True) as bar:

        def progress(run):
            bar.n = run.pages
            bar.set_postfix({name: getattr(run, name) for name in COUNTED}, refresh=True)

        done = execute(run.pk, progress=progress)
    if done is None:
        raise CommandError(f"Another {run.get_kind_display().lower()} is running for this account: try again later.")
    summary = ", ".join(f"{getattr(done, name)} {name}" for name in COUNTED)
    if done.status != SyncStatus.SUCCEEDED:
        raise CommandError(f"{done.get_kind_display()} #{done.pk} failed: {done.error} ({summary})")
    command.stdout.write(
        command.style.SUCCESS(
            f"{done.get_kind_display()} #{done.pk}: {done.pages} pages, {summary}, {done.requests} requests."
        )
    )
    return done
