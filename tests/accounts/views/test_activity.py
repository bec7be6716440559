"""The activity log page and its CSV export (owners only)."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import ActivityLog, ActorType

pytestmark = pytest.mark.django_db

URL = reverse("accounts:activity")
EXPORT_URL = reverse("accounts:activity_export")


def _entry(organization, *, action, actor="owner@seaside.test", target="", day=10, **extra):
    return ActivityLog.objects.create(
        organization=organization,
        created_at=datetime(2026, 3, day, 12, 0, tzinfo=UTC),
        actor_type=ActorType.USER,
        actor_label=actor,
        action=action,
        target_label=target,
        **extra,
    )


@pytest.fixture
def log(cast):
    """A few entries of Seaside Stays on different days, and one of Rival Rentals."""
    org = cast.organization
    return {
        "created": _entry(org, action="reservation.created", target="HM-CREATED — Ana Villa", day=5),
        "updated": _entry(
            org, action="reservation.updated", actor="manager@seaside.test", target="HM-UPDATED — Ana Villa", day=10
        ),
        "invited": _entry(org, action="member.invited", target="invitee@example.com → Seaside Stays", day=20),
        "rival": _entry(
            cast.outsider.organization, action="reservation.created", actor="owner@rival.test", target="RIVAL-ENTRY"
        ),
    }


def _body(response):
    return response.content.decode()


def test_shows_only_this_accounts_entries(log, cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "HM-CREATED")
    assertContains(response, "HM-UPDATED")
    assertContains(response, "member.invited")
    assertNotContains(response, "RIVAL-ENTRY")
    assertNotContains(response, "owner@rival.test")


def test_entries_read_in_words_with_what_changed(cast, client_for):
    _entry(
        cast.organization,
        action="member.role_changed",
        target="Carla Concierge",
        details={"role": ["concierge", "manager"], "member": 7, "note": None},
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, '<td title="member.role_changed">Changed a member’s role</td>', html=False)
    assertContains(response, "member: #7 (deleted) · role: concierge → manager")  # no such member (any more)
    assertContains(response, '<option value="member.role_changed">Changed a member’s role</option>', html=True)


def test_the_action_filter_offers_only_this_accounts_actions(log, cast, client_for):
    _entry(cast.outsider.organization, action="rival.only_action")

    response = client_for(cast.owner).get(URL)

    assertContains(response, '<option value="member.invited">')
    assertNotContains(response, "rival.only_action")


def test_filters_by_action(log, cast, client_for):
    body = _body(client_for(cast.owner).get(URL, {"action": "reservation."}))

    assert "HM-CREATED" in body
    assert "HM-UPDATED" in body
    assert "invitee@example.com" not in body


def test_filters_by_actor(log, cast, client_for):
    body = _body(client_for(cast.owner).get(URL, {"actor": "MANAGER@"}))

    assert "HM-UPDATED" in body
    assert "HM-CREATED" not in body


def test_filters_by_what_it_is_about(log, cast, client_for):
    body = _body(client_for(cast.owner).get(URL, {"query": "hm-created"}))

    assert "HM-CREATED" in body
    assert "HM-UPDATED" not in body


def test_filters_by_date_range(log, cast, client_for):
    body = _body(client_for(cast.owner).get(URL, {"date_from": "2026-03-06", "date_to": "2026-03-15"}))

    assert "HM-UPDATED" in body
    assert "HM-CREATED" not in body
    assert "invitee@example.com" not in body


def test_an_invalid_date_is_ignored_and_the_other_filters_still_apply(log, cast, client_for):
    response = client_for(cast.owner).get(URL, {"date_from": "not-a-date", "action": "member."})

    assert response.status_code == 200
    body = _body(response)
    assert "invitee@example.com" in body
    assert "HM-CREATED" not in body
    assert "field-error" in body


def test_nothing_matching_says_so(log, cast, client_for):
    assertContains(client_for(cast.owner).get(URL, {"actor": "nobody-at-all"}), "No activity matches these filters.")


def test_an_htmx_request_gets_only_the_results(log, cast, client_for):
    response = client_for(cast.owner).get(URL, {"action": "member."}, headers={"HX-Request": "true"})

    body = _body(response)
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert 'class="filters"' not in body
    assert "invitee@example.com" in body
    assert "HM-CREATED" not in body


def test_pages_through_many_entries(cast, client_for):
    for n in range(55):
        _entry(cast.organization, action="property.updated", target=f"Entry {n:02d}", day=1 + n % 28)

    client = client_for(cast.owner)
    first, second = _body(client.get(URL)), _body(client.get(URL, {"page": 2}))

    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert client.get(URL, {"page": 999}).status_code == 200


def test_each_row_reads_in_the_viewers_time_zone_escaped_and_shortened(cast, client_for):
    cast.owner.user.timezone = "America/New_York"
    cast.owner.user.save()
    _entry(cast.organization, action="property.updated", target="<b>Villa</b>", ip_address="203.0.113.9")

    body = _body(client_for(cast.owner).get(URL, {"action": "property.updated"}))

    row = re.search(r"<tr><td class=\"nowrap\">.*?</tr>", body, re.S).group(0)
    assert '<time datetime="2026-03-10T12:00:00+00:00">10 Mar 2026, 08:00 EDT</time>' in row
    assert '<td data-label="Who">owner@seaside.test</td>' in row
    assert '<td data-label="About">&lt;b&gt;Villa&lt;/b&gt;</td>' in row
    assert '<td class="hide-mobile muted">203.0.113.9</td>' in row


@pytest.mark.parametrize("count", [5, 120])
def test_a_page_takes_the_same_queries_however_long_the_log(cast, client_for, django_assert_max_num_queries, count):
    for n in range(count):
        _entry(cast.organization, action="property.updated", target=f"Entry {n}")
    client = client_for(cast.owner)
    client.get(URL)

    # Session, user, memberships, the account's actions for the filter, the count (up to 1,001), the page.
    with django_assert_max_num_queries(6):
        client.get(URL)


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_export_is_a_csv_download_of_this_accounts_entries(log, cast, client_for):
    response = client_for(cast.owner).get(EXPORT_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="activity-')
    header, *rows = _csv_rows(response)
    assert header == [
        "time_utc",
        "actor_type",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target",
        "ip",
        "details",
        "description",
    ]
    # Signing the test client in wrote a "login" entry too.
    assert sorted(r[6] for r in rows if r[3] != "login") == sorted(
        ["HM-CREATED — Ana Villa", "HM-UPDATED — Ana Villa", "invitee@example.com → Seaside Stays"]
    )


def test_export_applies_the_filters(log, cast, client_for):
    _, *rows = _csv_rows(client_for(cast.owner).get(EXPORT_URL, {"action": "member."}))

    assert [r[3] for r in rows] == ["member.invited"]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"])
def test_export_neutralises_spreadsheet_formulas(cast, client_for, formula):
    _entry(cast.organization, action="guest.updated", actor=formula, target=formula)

    _, row = _csv_rows(client_for(cast.owner).get(EXPORT_URL, {"action": "guest."}))

    assert row[2] == "'" + formula
    assert row[6] == "'" + formula


def test_export_keeps_details_as_json(cast, client_for):
    _entry(cast.organization, action="member.invited", details={"email": "zoë@example.com"}, ip_address="203.0.113.4")

    _, row = _csv_rows(client_for(cast.owner).get(EXPORT_URL, {"action": "member."}))

    assert row[7] == "203.0.113.4"
    assert row[8] == '{"email": "zoë@example.com"}'
