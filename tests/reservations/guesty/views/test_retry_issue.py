"""Trying one issue again, once its cause is fixed: a sync is queued to read or write the reservation again."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from reservations.guesty.models import ConnectionStatus, IssueKind, SyncRun
from tests.reservations.guesty.views.conftest import make_issue

pytestmark = pytest.mark.django_db


def _url(issue):
    return reverse("guesty:retry_issue", args=[issue.pk])


def test_a_reservation_guesty_sent_badly_is_read_again(cast, client_for, guesty, django_capture_on_commit_callbacks):
    issue = make_issue(cast.organization, kind=IssueKind.INVALID_RESERVATION, guesty_reservation_id="gr-1")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(cast.owner).post(_url(issue), follow=True)

    assertRedirects(response, reverse("guesty:issues"))
    assertContains(response, "Trying again: 1 sync queued.")
    run = SyncRun.objects.get(organization=cast.organization)
    assert (run.kind, run.cursor) == ("fetch", {"ids": ["gr-1"]})
    assert len(callbacks) == 1


def test_a_refused_answer_is_written_again(cast, client_for, guesty):
    issue = make_issue(
        cast.organization, kind=IssueKind.REJECTED, reservation=cast.villa_reservation, guesty_reservation_id="gr-1"
    )

    client_for(cast.owner).post(_url(issue))

    run = SyncRun.objects.get(organization=cast.organization)
    assert (run.kind, run.cursor) == ("write_back", {"reservation": cast.villa_reservation.pk})


def test_a_resolved_issue_has_nothing_to_retry(cast, client_for, guesty):
    issue = make_issue(cast.organization, guesty_reservation_id="gr-1", resolved_at=timezone.now())

    response = client_for(cast.owner).post(_url(issue), follow=True)

    assertContains(response, "No open issues to try again.")
    assert not SyncRun.objects.exists()


def test_nothing_is_retried_while_the_connection_does_not_work(cast, client_for, guesty):
    guesty.status = ConnectionStatus.FAILED
    guesty.save()
    issue = make_issue(cast.organization, guesty_reservation_id="gr-1")

    response = client_for(cast.owner).post(_url(issue), follow=True)

    assertContains(response, "Guesty is not connected, or the connection is not working: check it first.")
    assert not SyncRun.objects.exists()


def test_another_accounts_issue_does_not_exist_for_an_outsider(cast, client_for, guesty):
    issue = make_issue(cast.organization, guesty_reservation_id="gr-1")

    assert client_for(cast.outsider).post(_url(issue)).status_code == 404
    assert not SyncRun.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_retry(cast, client_for, guesty, role):
    issue = make_issue(cast.organization, guesty_reservation_id="gr-1")

    assert client_for(cast.member(role)).post(_url(issue)).status_code == 403
    assert not SyncRun.objects.exists()
