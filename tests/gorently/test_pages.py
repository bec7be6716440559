"""render_page: one view answers the browser with the page and htmx with the fragment it asked for."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["reservations:list", "accounts:activity"]


@pytest.mark.parametrize("name", PAGES)
def test_a_browser_gets_the_whole_page(cast, client_for, name):
    response = client_for(cast.owner).get(reverse(name))

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", PAGES)
def test_htmx_gets_only_the_fragment(cast, client_for, name):
    response = client_for(cast.owner).get(reverse(name), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", PAGES)
def test_a_history_restore_gets_the_whole_page(cast, client_for, name):
    # htmx lost its snapshot of the page and puts the answer in place of the body: a bare table would be all there is.
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

    response = client_for(cast.owner).get(reverse(name), headers=headers)

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
