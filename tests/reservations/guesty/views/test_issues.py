"""Sync issues: what Guesty and GoRently did not agree on, open ones first, the resolved ones kept in history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from reservations.guesty.models import IssueKind
from tests.reservations.guesty.views.conftest import make_issue

pytestmark = pytest.mark.django_db

URL = reverse("guesty:issues")
LONG_VALUE = "PASSPORT-" + "X" * 50 + "-END-OF-THE-SENSITIVE-VALUE"


def test_lists_the_open_issues_newest_first(cast, client_for, guesty):
    now = timezone.now()
    make_issue(cast.organization, message="Older problem.", guesty_reservation_id="r1", last_seen_at=now)
    newer = make_issue(cast.organization, message="Newer problem.", guesty_reservation_id="r2")
    newer.last_seen_at = now + timedelta(minutes=5)
    newer.save()
    make_issue(cast.organization, message="Fixed problem.", guesty_reservation_id="r3", resolved_at=now)

    response = client_for(cast.owner).get(URL)

    html = response.content.decode()
    assert html.index("Newer problem.") < html.index("Older problem.")
    assertNotContains(response, "Fixed problem.")
    assertContains(response, 'Open <span class="badge badge-danger">2</span>')


def test_shows_what_each_issue_is_about(cast, client_for, guesty):
    make_issue(
        cast.organization,
        kind=IssueKind.REJECTED,
        message="Guesty refused the values.",
        reservation=cast.villa_reservation,
        guesty_reservation_id="gr-villa",
        field_key="document_number",
        guesty_field_id="f-doc",
        value=LONG_VALUE,
        guesty_answer='{"message": "value too long for field"}',
        occurrences=3,
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Guesty refused the values")  # the kind's label
    assertContains(response, reverse("reservations:detail", args=[cast.villa_reservation.pk]))
    assertContains(response, "Ana Villa")
    assertContains(response, "document_number")
    assertContains(response, "f-doc")
    assertContains(response, "Guesty’s answer")
    assertContains(response, "value too long for field")
    assertContains(response, "3 times")


def test_a_sensitive_value_is_shown_only_truncated(cast, client_for, guesty):
    make_issue(cast.organization, kind=IssueKind.NOT_AN_OPTION, value=LONG_VALUE, guesty_reservation_id="r1")

    response = client_for(cast.owner).get(URL)

    assertContains(response, LONG_VALUE[:59] + "…")
    assertNotContains(response, "END-OF-THE-SENSITIVE-VALUE")


def test_an_issue_without_a_reservation_here_shows_guestys_id(cast, client_for, guesty):
    make_issue(
        cast.organization, kind=IssueKind.UNKNOWN_LISTING, guesty_reservation_id="gr-123", guesty_listing_id="L-9"
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, "gr-123")
    assertContains(response, "L-9")
    assertContains(response, "Listing not imported")


def test_each_open_issue_can_be_tried_again_and_all_at_once(cast, client_for, guesty):
    issue = make_issue(cast.organization, guesty_reservation_id="r1")

    response = client_for(cast.owner).get(URL)

    assertContains(response, f'action="{reverse("guesty:retry_issue", args=[issue.pk])}"')
    assertContains(response, f'action="{reverse("guesty:retry_all")}"')


def test_the_resolved_ones_show_when_and_how(cast, client_for, guesty):
    make_issue(cast.organization, message="Still open.", guesty_reservation_id="r1")
    make_issue(
        cast.organization,
        message="Fixed problem.",
        guesty_reservation_id="r2",
        resolved_at=timezone.now(),
        resolution="Read again after the listing was imported.",
    )

    response = client_for(cast.owner).get(URL, {"state": "resolved"})

    assertContains(response, "Fixed problem.")
    assertContains(response, "Read again after the listing was imported.")
    assertNotContains(response, "Still open.")
    assertNotContains(response, "Try again")
    assertContains(response, 'href="/integrations/guesty/issues/?state=resolved" aria-current="page"')


def test_no_open_issues_says_all_is_well(cast, client_for, guesty):
    assertContains(client_for(cast.owner).get(URL), "No open issues")


def test_fifty_to_a_page(cast, client_for, guesty):
    for number in range(55):
        make_issue(cast.organization, message=f"Problem {number}.", guesty_reservation_id=f"r{number}")

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Try again</button>", count=50)
    assertContains(response, "1–50 of 55")
    assertContains(client_for(cast.owner).get(URL, {"page": 2}), "Try again</button>", count=5)


def test_htmx_gets_the_results_alone(cast, client_for, guesty):
    make_issue(cast.organization, guesty_reservation_id="r1")

    response = client_for(cast.owner).get(URL, {"page": 1}, headers={"HX-Request": "true"})

    assert response.content.decode().lstrip().startswith('<div id="results"')


def test_an_owner_of_another_account_sees_only_their_own(cast, client_for, guesty):
    make_issue(cast.organization, message="Seaside problem.", guesty_reservation_id="r1")
    make_issue(cast.outsider.organization, message="Rival problem.", guesty_reservation_id="r2")

    response = client_for(cast.outsider).get(URL)

    assertContains(response, "Rival problem.")
    assertNotContains(response, "Seaside problem.")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_see_them(cast, client_for, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403


@pytest.mark.parametrize("state", [None, "resolved"])
def test_the_number_of_queries_does_not_grow_with_the_issues(
    cast, client_for, guesty, django_assert_max_num_queries, state
):
    resolved_at = timezone.now() if state else None
    params = {"state": state} if state else {}
    client = client_for(cast.owner)
    make_issue(cast.organization, guesty_reservation_id="r0", resolved_at=resolved_at)
    with django_assert_max_num_queries(20) as few:
        client.get(URL, params)

    for number in range(1, 60):
        make_issue(
            cast.organization,
            guesty_reservation_id=f"r{number}",
            reservation=cast.villa_reservation if number % 2 else cast.loft_reservation,
            value="secret value",
            resolved_at=resolved_at,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, params)
