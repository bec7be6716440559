"""Whatever a browser (or anyone else) sends to the portal, it answers with a page or a 4xx, never a 500.

The test client re-raises any exception a view lets out, so a crash fails
these tests loudly; a 5xx status would fail them too.
"""

import base64
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reservations.checkin.models import GuestDocument
from reservations.checkin.services.submissions import start_checkin
from reservations.models import CheckinStatus

pytestmark = pytest.mark.usefixtures("limitless")

STEPS = ["details", "guest-1", "guest-2", "documents", "agreement", "review"]
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

KNOWN_KEYS = [
    "party_size",
    "f-first_name",
    "f-last_name",
    "f-email",
    "f-phone",
    "f-nationality",
    "f-date_of_birth",
    "f-document_type",
    "f-document_number",
    "f-arrival_time",
    "f-rental_agreement",
    "sig-signature",
    "doc-0-document_photo-front",
    "doc-1-document_photo-back",
    "doc-r-document_photo-front",
    "csrfmiddlewaretoken",
]
KEYS = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.text(max_size=30).map(lambda key: "f-" + key),
    st.text(max_size=30).map(lambda key: "doc-" + key),
    st.text(min_size=1, max_size=30),
)
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Nd"])),
    st.integers().map(str),
    st.sampled_from(["", "0", "7", "-1", "NaN", "1e999999", "10E999999", "on", "yes", "passport", "ES", "\x00"]),
    st.binary(max_size=200).map(lambda data: "data:image/png;base64," + base64.b64encode(data).decode()),
    st.text(min_size=3_000, max_size=10_000),
)
FORMS = st.dictionaries(KEYS, st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=12)


@pytest.fixture
def limitless():
    """No rate limits in the way (the counters start empty for every test: tests/conftest.py)."""
    with override_settings(PORTAL_RATE_LIMIT="100000/m", PORTAL_MISS_LIMIT=100000):
        yield


@pytest.fixture
def started(portal):
    """A check-in of two guests, started, whose every step can be opened."""
    submission = start_checkin(reservation=portal, language="en")
    reset(submission)
    return submission


def reset(submission):
    """Back to an unsent check-in that has reached the review (hypothesis reuses the fixture between examples)."""
    GuestDocument.objects.filter(submission=submission).delete()
    submission.refresh_from_db()
    submission.step = "review"
    submission.party_size = 2
    submission.submitted_at = None
    submission.answers = {"reservation": {}, "guests": []}
    submission.save()
    reservation = submission.reservation
    reservation.checkin_status = CheckinStatus.IN_PROGRESS
    reservation.checkin_completed_at = None
    reservation.save()


def step_url(submission, slug):
    return reverse("portal:step", args=[submission.reservation.portal_token, slug])


def test_every_step_opens(client, started):
    for slug in STEPS:
        assert client.get(step_url(started, slug)).status_code == 200, slug


@pytest.mark.parametrize("slug", STEPS)
@FUZZ
@given(data=FORMS)
def test_any_form_posted_to_any_step_gets_a_page_or_a_redirect(client, started, slug, data):
    reset(started)

    response = client.post(step_url(started, slug), data)

    assert response.status_code in (200, 302, 400)


@FUZZ
@given(
    files=st.dictionaries(
        st.sampled_from(["doc-0-document_photo-front", "doc-0-document_photo-back", "doc-1-document_photo-front"]),
        # Any name the client can send (the test client itself refuses path separators), any bytes.
        st.tuples(
            st.text(st.characters(codec="utf-8", exclude_characters="/\\"), max_size=40), st.binary(max_size=2_000)
        ),
        min_size=1,
    )
)
def test_any_bytes_uploaded_as_documents_get_a_page_or_a_redirect(client, started, files):
    reset(started)
    uploads = {
        name: SimpleUploadedFile("upload" + filename, data, content_type="image/jpeg")
        for name, (filename, data) in files.items()
    }

    response = client.post(step_url(started, "documents"), uploads)

    assert response.status_code in (302, 400)


@FUZZ
@given(query=st.dictionaries(st.text(max_size=20), st.text(max_size=200), max_size=5), slug=st.sampled_from(STEPS))
def test_any_query_string_on_a_step_is_ignored(client, started, query, slug):
    reset(started)

    assert client.get(step_url(started, slug), query).status_code == 200


@pytest.mark.parametrize("slug", ["nope", "guest-3", "guest-0", "guest-01", "done-", "review2", "guest--1", "x" * 300])
def test_a_step_that_is_not_part_of_the_check_in_is_not_found(client, started, slug):
    assert client.get(step_url(started, slug)).status_code == 404
    assert client.post(step_url(started, slug), {"party_size": "2"}).status_code == 404


def test_a_step_slug_that_is_no_slug_at_all_is_not_found(client, started):
    token = started.reservation.portal_token

    for slug in ["..", "ñandú", "a b", "%00", "<script>"]:
        assert client.get(f"/g/{token}/checkin/{quote(slug, safe='')}/").status_code == 404, slug


WEIRD_TOKENS = [
    "",
    "../",
    "..",
    ".",
    "a" * 500,
    "a" * 65,
    "ñandú-🏖️",
    "Ωmega",
    "\x00",
    "token\x00",
    "%00",
    "' OR '1'='1",
    "*",
    "%",
    "_",
    " ",
]


@pytest.mark.parametrize("token", WEIRD_TOKENS)
@pytest.mark.parametrize("page", ["", "checkin/", "checkin/done/", "checkin/details/"])
def test_a_weird_token_is_not_found(client, portal, token, page):
    url = f"/g/{quote(token, safe='')}/{page}"

    assert client.get(url).status_code == 404
    assert client.post(url, {"party_size": "2"}).status_code == 404


@FUZZ
@given(token=st.text(max_size=80))
def test_any_token_but_the_right_one_is_not_found(client, portal, token):
    response = client.get(f"/g/{quote(token, safe='')}/")

    assert response.status_code == (200 if token == portal.portal_token else 404)
