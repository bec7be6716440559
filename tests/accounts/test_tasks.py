"""The invitation email task, end to end through the real database queue and its worker."""

import re
import signal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends
from django.test import override_settings
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from accounts import services
from accounts.models import Invitation, User
from accounts.permissions import Role
from accounts.tasks import (
    send_account_exists_email,
    send_invitation_email,
    send_password_reset_email,
    send_signup_confirmation_email,
)
from tests.factories import UserFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker holds real transactions and closes "stale" connections between tasks, so these
# tests run outside the per-test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue():
    # Django's own setting_changed receiver (django.tasks.signals) resets the cached backends.
    with override_settings(TASKS=DATABASE_QUEUE):
        assert isinstance(task_backends["default"], DatabaseBackend)
        yield


@pytest.fixture
def run_worker():
    """Run `db_worker --batch` in this process, restoring the signal handlers it installs."""
    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {sig: signal.getsignal(sig) for sig in handled}

    def run():
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)

    yield run
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def token_in(mail):
    return re.search(r"/accounts/invitations/([A-Za-z0-9_\-]+)/", mail.body)[1]


def invite(cast):
    return services.invite_member(actor=cast.owner, email="new.person@example.com", role=Role.MANAGER)


def test_an_invitation_is_queued_on_commit_and_emailed_by_the_worker(cast, database_queue, run_worker, mailoutbox):
    invitation = invite(cast)

    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert queued.task_path == "accounts.tasks.send_invitation_email"
    assert queued.args_kwargs == {"args": [], "kwargs": {"invitation_id": invitation.pk}}
    assert mailoutbox == []

    run_worker()

    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL, queued.traceback
    assert queued.return_value == "sent"
    assert [mail.to for mail in mailoutbox] == [["new.person@example.com"]]
    invitation.refresh_from_db()
    assert Invitation.hash(token_in(mailoutbox[0])) == invitation.token_hash


def test_an_invitation_revoked_before_the_worker_runs_is_not_sent(cast, database_queue, run_worker, mailoutbox):
    invitation = invite(cast)
    services.revoke_invitation(actor=cast.owner, invitation=invitation)

    run_worker()

    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
    assert result.return_value == "skipped: invitation no longer pending"
    assert mailoutbox == []


def test_a_failed_invitation_write_queues_nothing(cast, database_queue):
    with pytest.raises(ValidationError):
        services.invite_member(actor=cast.owner, email="not-an-email", role=Role.MANAGER)

    assert not DBTaskResult.objects.exists()


def test_each_run_of_the_task_mints_a_new_token_and_voids_the_last_link(cast, mailoutbox):
    invitation = invite(cast)  # the test settings' immediate backend sends the first email on commit
    first_hash = Invitation.objects.get(pk=invitation.pk).token_hash

    assert send_invitation_email.call(invitation_id=invitation.pk) == "sent"

    invitation.refresh_from_db()
    assert invitation.token_hash != first_hash
    assert len(mailoutbox) == 2
    assert [Invitation.hash(token_in(mail)) for mail in mailoutbox] == [first_hash, invitation.token_hash]


def test_a_confirmation_email_is_not_sent_once_the_sign_up_is_confirmed(mailoutbox):
    services.sign_up(email="maria@example.com", password="a-long-passphrase", full_name="Maria", account_name="Casa")
    user = User.objects.get(email="maria@example.com")
    services.confirm_sign_up(user=user)
    mailoutbox.clear()

    assert send_signup_confirmation_email.call(user_id=user.pk) == "skipped: no sign-up awaiting confirmation"
    assert mailoutbox == []


def test_the_account_exists_email_goes_only_to_an_active_login(mailoutbox):
    active, inactive = UserFactory(), UserFactory(is_active=False)

    assert send_account_exists_email.call(user_id=active.pk) == "sent"
    assert send_account_exists_email.call(user_id=inactive.pk) == "skipped: no active login"
    assert [mail.to for mail in mailoutbox] == [[active.email]]


def test_a_reset_email_goes_only_to_an_active_login_with_a_password(mailoutbox):
    active, no_password = UserFactory(), UserFactory(password=None)

    assert send_password_reset_email.call(user_id=active.pk) == "sent"
    assert send_password_reset_email.call(user_id=no_password.pk) == "skipped: no active login with a password"
    assert [mail.to for mail in mailoutbox] == [[active.email]]
