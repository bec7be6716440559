"""`guesty_connect` and `sync_guesty`: the same code as the pages, in the foreground, failing loudly."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from properties.models import Property
from reservations.models import Reservation
from tests.reservations.guesty.conftest import CLIENT_ID, CLIENT_SECRET


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_connect_and_import_every_listing_with_its_reservations(cast, fake_guesty):
    fake_guesty.populate(listings=4, reservations=60)
    slug = cast.organization.slug

    out, _err = run(
        "guesty_connect",
        "--account",
        slug,
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--import-listings",
        "all",
    )

    assert "Connected to Guesty account acc_1" in out
    assert Property.objects.filter(organization=cast.organization).exclude(guesty_listing_id="").count() == 4
    assert Reservation.objects.filter(organization=cast.organization).exclude(external_id="").exists()
    assert "Full import" in out


def test_wrong_credentials_fail_with_the_reason(cast, fake_guesty):
    with pytest.raises(CommandError, match="did not accept this client id and secret"):
        run("guesty_connect", "--account", cast.organization.slug, "--client-id", CLIENT_ID, "--client-secret", "x")


def test_sync_needs_a_working_connection(cast):
    with pytest.raises(CommandError, match="run guesty_connect first"):
        run("sync_guesty", "--account", cast.organization.slug)


def test_an_unknown_account_is_named(db):
    with pytest.raises(CommandError, match="No host account with the slug “nope”"):
        run("sync_guesty", "--account", "nope")


def test_sync_reports_what_it_did(cast, imported, listing, fake_guesty):
    from tests.reservations.guesty.conftest import stay

    stay(fake_guesty, listing)

    out, err = run("sync_guesty", "--account", cast.organization.slug, "--full")

    assert "1 created" in out
    assert "pages" in err  # the progress bar


def test_a_sync_that_fails_exits_with_its_reason(cast, connected, fake_guesty, settings):
    settings.GUESTY_RETRIES = 0
    fake_guesty.fail_next(5, status=500)

    with pytest.raises(CommandError, match="failed: Guesty answered 500"):
        run("sync_guesty", "--account", cast.organization.slug)
