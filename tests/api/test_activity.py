"""GET /api/v1/activity/: the account's log, newest first, filtered by action and time."""

import pytest
from django.urls import reverse

from accounts.activity import record_action

pytestmark = pytest.mark.django_db

URL = reverse("api:activity-list")


def test_lists_the_accounts_log_newest_first(cast, keys, api):
    record_action(cast.owner, "reservation.updated", target=cast.villa_reservation, changed={"guest_name": ["A", "B"]})
    record_action(cast.outsider, "reservation.updated", target=cast.outsider_reservation)

    body = api(keys.read).get(URL).json()

    actions = [entry["action"] for entry in body["results"]]
    assert actions[0] == "reservation.updated"
    assert "api_key.created" in actions  # the keys' own creation, by the owner
    assert all(entry["target_label"] != str(cast.outsider_reservation) for entry in body["results"])
    assert body["results"][0]["description"] == "Changed a reservation"


def test_filters_by_the_start_of_the_action(cast, keys, api):
    record_action(cast.owner, "reservation.updated", target=cast.villa_reservation)

    body = api(keys.read).get(URL, {"action": "api_key."}).json()

    assert {entry["action"] for entry in body["results"]} == {"api_key.created", "api_key.revoked"}


def test_a_key_limited_to_some_properties_may_not_read_the_whole_accounts_log(keys, api):
    response = api(keys.villa_only).get(URL)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_a_concierge_signed_in_may_not_read_it_either(cast, client_for):
    assert client_for(cast.concierge).get(URL).status_code == 403


def test_the_query_count_does_not_grow_with_the_rows(cast, keys, api, django_assert_max_num_queries):
    for _ in range(30):
        record_action(cast.owner, "reservation.updated", target=cast.villa_reservation)

    with django_assert_max_num_queries(6):
        assert len(api(keys.read).get(URL, {"page_size": 100}).json()["results"]) > 30


@pytest.mark.parametrize("since", ["2026-11-30T10:00:00-19:37", "2026-11-30T10:00:00+23:59"])
def test_a_time_with_any_offset_iso_allows_is_read_even_where_postgresql_would_refuse_it(keys, api, since):
    assert api(keys.read).get(URL, {"since": since}).status_code == 200


def test_a_time_outside_the_years_utc_can_hold_is_a_400(keys, api):
    response = api(keys.read).get(URL, {"until": "9999-12-31T23:59:00-05:00"})

    assert response.status_code == 400
    assert "since" not in response.json()["error"]["fields"] and "until" in response.json()["error"]["fields"]
