"""Trying every open issue again at once."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from reservations.guesty.models import IssueKind, SyncRun
from tests.reservations.guesty.views.conftest import make_issue

pytestmark = pytest.mark.django_db

URL = reverse("guesty:retry_all")


def test_queues_what_the_open_issues_need(cast, client_for, guesty, django_capture_on_commit_callbacks):
    make_issue(cast.organization, kind=IssueKind.UNKNOWN_LISTING, guesty_reservation_id="gr-1")
    make_issue(cast.organization, kind=IssueKind.INVALID_RESERVATION, guesty_reservation_id="gr-2")
    make_issue(
        cast.organization, kind=IssueKind.REJECTED, reservation=cast.villa_reservation, guesty_reservation_id="gr-3"
    )
    make_issue(cast.organization, guesty_reservation_id="gr-old", resolved_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(cast.owner).post(URL, follow=True)

    assertRedirects(response, reverse("guesty:issues"))
    assertContains(response, "Trying again: 2 syncs queued.")
    fetch = SyncRun.objects.get(organization=cast.organization, kind="fetch")
    assert sorted(fetch.cursor["ids"]) == ["gr-1", "gr-2"]
    assert SyncRun.objects.filter(organization=cast.organization, kind="write_back").count() == 1


def test_with_no_open_issues_there_is_nothing_to_retry(cast, client_for, guesty):
    response = client_for(cast.owner).post(URL, follow=True)

    assertContains(response, "No open issues to try again.")
    assert not SyncRun.objects.exists()


def test_an_owner_retries_only_their_own_accounts_issues(cast, client_for, guesty):
    make_issue(cast.organization, guesty_reservation_id="gr-1")

    client_for(cast.outsider).post(URL)

    assert not SyncRun.objects.filter(organization=cast.organization).exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_retry(cast, client_for, guesty, role):
    make_issue(cast.organization, guesty_reservation_id="gr-1")

    assert client_for(cast.member(role)).post(URL).status_code == 403
    assert not SyncRun.objects.exists()
