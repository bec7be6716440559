"""The API keys page: owners create keys for their integrations, see each secret once, and revoke keys."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.api_keys import create_api_key, key_for
from accounts.models import ActivityLog, ApiKey, ApiKeyScope
from tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:api_keys")
ONCE = "Copy this key now: it will not be shown again."


def _revoke_url(key):
    return reverse("accounts:api_key_revoke", args=[key.pk])


def _key(cast, name="Cleaning schedule", scope=ApiKeyScope.READ, properties=(), actor=None):
    """A key made through the service: (the key, its secret)."""
    return create_api_key(actor=actor or cast.owner, name=name, scope=scope, properties=properties)


# --- The list ----------------------------------------------------------------------------------


def test_lists_each_key_with_its_prefix_access_properties_creator_and_status(cast, client_for):
    cast.owner.user.full_name = "Marta Owner"
    cast.owner.user.save()
    key, _ = _key(cast, name="Channel manager", scope=ApiKeyScope.WRITE)

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Channel manager")
    assertContains(response, f"gr_{key.prefix}_…")
    assertContains(response, "Read and write")
    assertContains(response, "All properties")
    assertContains(response, "by Marta Owner")
    assertContains(response, "Never")
    assertContains(response, "Active")


def test_a_key_limited_to_some_properties_lists_them(cast, client_for):
    _key(cast, properties=[cast.loft])

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Old Town Loft")
    assertNotContains(response, "All properties")


def test_shows_when_a_key_was_last_used(cast, client_for):
    _, secret = _key(cast)
    key_for(secret)

    response = client_for(cast.owner).get(URL)

    assertNotContains(response, "Never")
    assertContains(response, timezone.now().strftime("%Y"))


def test_lists_only_this_accounts_keys(cast, client_for):
    _key(cast, name="Rival integration", actor=cast.outsider)

    response = client_for(cast.owner).get(URL)

    assertNotContains(response, "Rival integration")
    assertContains(response, "No API keys yet")


def test_lists_the_newest_key_first(cast, client_for):
    older, _ = _key(cast, name="Older key")
    ApiKey.objects.filter(pk=older.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))
    _key(cast, name="Newer key")

    content = client_for(cast.owner).get(URL).content.decode()

    assert content.index("Newer key") < content.index("Older key")


def test_the_form_offers_only_this_accounts_properties_still_in_use(cast, client_for):
    PropertyFactory(organization=cast.organization, name="Sold Cottage", archived_at=timezone.now())

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Villa Mar")
    assertContains(response, "Old Town Loft")
    assertNotContains(response, "Sold Cottage")
    assertNotContains(response, "Rival House")


def test_the_form_offers_read_only_access_by_default(cast, client_for):
    response = client_for(cast.owner).get(URL)

    read_only = '<input type="radio" name="scope" value="read" id="id_scope_0" required checked>'
    assertContains(response, read_only, html=True)


def test_explains_how_to_use_a_key_and_links_to_the_api_documentation(cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "How to use it")
    assertContains(response, 'curl -H "Authorization: Bearer gr_…" http://testserver/api/v1/reservations/')
    assertContains(response, 'href="/api/docs/"')


def test_the_integrations_page_links_to_the_api_keys(cast, client_for):
    response = client_for(cast.owner).get(reverse("guesty:integration"))

    assertContains(response, f'href="{URL}"')


# --- Creating a key ------------------------------------------------------------------------------


def test_the_owner_creates_a_key_and_sees_its_secret_once(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Cleaning schedule", "scope": "read"})

    assert response.status_code == 200
    key = ApiKey.objects.get(organization=cast.organization)
    secret = response.context["secret"]
    assert secret.startswith(f"gr_{key.prefix}_")
    assert ApiKey.hash(secret) == key.key_hash
    assertContains(response, f'value="{secret}"')
    assertContains(response, ONCE)
    assertContains(response, 'data-copy="#new-key"')


def test_the_secret_is_not_shown_again_when_the_page_is_reloaded(cast, client_for):
    client = client_for(cast.owner)
    secret = client.post(URL, {"name": "Cleaning schedule", "scope": "read"}).context["secret"]

    response = client.get(URL)

    assertNotContains(response, secret)
    assertNotContains(response, ONCE)
    assertContains(response, "Cleaning schedule")


def test_the_page_showing_a_secret_is_never_cached(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Cleaning schedule", "scope": "read"})

    assert "no-store" in response["Cache-Control"]


def test_the_new_key_authenticates_with_its_access_and_creator(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Channel manager", "scope": "write"})

    key = key_for(response.context["secret"])
    assert key.name == "Channel manager"
    assert key.scope == ApiKeyScope.WRITE
    assert key.all_properties
    assert key.created_by == cast.owner.user
    assert key.organization == cast.organization


def test_the_form_is_blank_again_after_a_key_is_created(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Cleaning schedule", "scope": "write"})

    assert not response.context["form"].is_bound


def test_a_key_can_be_limited_to_some_properties(cast, client_for):
    client_for(cast.owner).post(URL, {"name": "Loft lock", "scope": "read", "properties": [cast.loft.pk]})

    key = ApiKey.objects.get(organization=cast.organization)
    assert not key.all_properties
    assert list(key.properties.all()) == [cast.loft]


def test_no_property_ticked_means_all_properties(cast, client_for):
    client_for(cast.owner).post(URL, {"name": "Everything", "scope": "read"})

    key = ApiKey.objects.get(organization=cast.organization)
    assert key.all_properties
    assert not key.properties.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "", "scope": "read"}, "This field is required."),
        ({"name": "   ", "scope": "read"}, "This field is required."),
        ({"name": "x" * 101, "scope": "read"}, "at most 100 characters"),
        ({"name": "Sneaky", "scope": "admin"}, "Select a valid choice."),
        ({"name": "Sneaky"}, "This field is required."),
        ({"name": "Sneaky", "scope": "read", "properties": ["outsider"]}, "Select a valid choice."),
    ],
    ids=["blank name", "spaces for a name", "name too long", "unknown scope", "no scope", "another account's property"],
)
def test_bad_input_is_refused_with_the_errors_and_creates_nothing(cast, client_for, data, error):
    if data.get("properties") == ["outsider"]:
        data["properties"] = [cast.outsider_property.pk]

    response = client_for(cast.owner).post(URL, data)

    assertContains(response, error, status_code=400)
    assertNotContains(response, ONCE, status_code=400)
    assert not ApiKey.objects.exists()
    assert not ActivityLog.objects.filter(action="api_key.created").exists()


def test_an_archived_property_cannot_be_chosen(cast, client_for):
    archived = PropertyFactory(organization=cast.organization, name="Sold Cottage", archived_at=timezone.now())

    response = client_for(cast.owner).post(URL, {"name": "Old", "scope": "read", "properties": [archived.pk]})

    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_creating_a_key_is_logged_without_its_secret(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Loft lock", "scope": "write", "properties": [cast.loft.pk]})

    key = ApiKey.objects.get(organization=cast.organization)
    entry = ActivityLog.objects.get(action="api_key.created")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.owner.user
    assert entry.target_id == str(key.pk)
    assert entry.details == {"name": "Loft lock", "scope": "write", "properties": [cast.loft.pk]}
    assert response.context["secret"] not in str(entry.details) + entry.target_label


# --- Revoking a key ------------------------------------------------------------------------------


def test_revoking_a_key_goes_back_to_the_list_and_says_so(cast, client_for):
    key, _ = _key(cast, name="Old script")

    response = client_for(cast.owner).post(_revoke_url(key), follow=True)

    assertRedirects(response, URL)
    assertContains(response, "Key “Old script” revoked: integrations using it are refused from now on.")


def test_a_revoked_key_no_longer_authenticates(cast, client_for):
    key, secret = _key(cast)

    client_for(cast.owner).post(_revoke_url(key))

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert key_for(secret) is None


def test_a_revoked_key_stays_listed_as_revoked_without_a_revoke_button(cast, client_for):
    key, _ = _key(cast, name="Old script")
    client = client_for(cast.owner)
    client.post(_revoke_url(key))

    response = client.get(URL)

    assertContains(response, "Old script")
    assertContains(response, "Revoked")
    assertContains(response, f"on {timezone.now():%-d %b %Y}")
    assertNotContains(response, _revoke_url(key))


def test_revoking_a_key_twice_is_harmless(cast, client_for):
    key, _ = _key(cast)
    client = client_for(cast.owner)
    client.post(_revoke_url(key))
    key.refresh_from_db()
    first_revoked_at = key.revoked_at

    response = client.post(_revoke_url(key))

    assertRedirects(response, URL)
    key.refresh_from_db()
    assert key.revoked_at == first_revoked_at
    assert ActivityLog.objects.filter(action="api_key.revoked").count() == 1


def test_revoking_one_key_leaves_the_others_working(cast, client_for):
    old, _ = _key(cast, name="Old script")
    _, current = _key(cast, name="Channel manager")

    client_for(cast.owner).post(_revoke_url(old))

    assert key_for(current) is not None


def test_revoking_a_key_is_logged(cast, client_for):
    key, _ = _key(cast, name="Old script")

    client_for(cast.owner).post(_revoke_url(key))

    entry = ActivityLog.objects.get(action="api_key.revoked")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.owner.user
    assert entry.target_id == str(key.pk)
    assert entry.details == {"name": "Old script"}


def test_a_key_is_revoked_only_by_post(cast, client_for):
    key, _ = _key(cast)

    response = client_for(cast.owner).get(_revoke_url(key))

    assert response.status_code == 405
    key.refresh_from_db()
    assert key.revoked_at is None


# --- Who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_managers_and_concierges_cannot_see_the_keys(cast, client_for, role):
    _key(cast, name="Channel manager")

    response = client_for(cast.member(role)).get(URL)

    assert response.status_code == 403
    assertNotContains(response, "Channel manager", status_code=403)


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_managers_and_concierges_cannot_create_a_key(cast, client_for, role):
    response = client_for(cast.member(role)).post(URL, {"name": "Mine", "scope": "write"})

    assert response.status_code == 403
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_managers_and_concierges_cannot_revoke_a_key(cast, client_for, role):
    key, secret = _key(cast)

    response = client_for(cast.member(role)).post(_revoke_url(key))

    assert response.status_code == 403
    assert key_for(secret) is not None


def test_another_accounts_key_does_not_exist_for_an_outsider(cast, client_for):
    key, secret = _key(cast)

    response = client_for(cast.outsider).post(_revoke_url(key))

    assert response.status_code == 404
    assert key_for(secret) is not None
    assert not ActivityLog.objects.filter(action="api_key.revoked").exists()


def test_an_unknown_key_does_not_exist(cast, client_for):
    response = client_for(cast.owner).post(reverse("accounts:api_key_revoke", args=[999999]))

    assert response.status_code == 404


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, cast):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
