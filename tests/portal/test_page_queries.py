"""What a guest's page asks of the database (issue 14, "Performance"): a few queries, however much the stay holds.

The stay, its property, the host account, the brand and the check-in come in one query; the host's
Stripe account is read once a page; nothing encrypted is decrypted that the page does not show.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from gorently.fields import EncryptedTextField
from payments.models import Order, OrderStatus, PaymentAccount, Upsell
from properties.models import Brand
from reservations.checkin.services.submissions import start_checkin
from tests.factories import GuideSectionFactory

# The stay with all the page shows of it, in one query; whether it has a guide.
HOME = 2
# With extras on sale: the host's Stripe account (once), the extras on offer, the deposit policy.
HOME_WITH_EXTRAS = HOME + 3
# The stay, with its check-in's answers and form.
STEP = 1
# The stay; saving the step (locked and written in a transaction, with the form and stay already read; a
# party other than the booking's also asks for the documents to drop). The party size it leaves, which
# decides the next step, comes back with the saved step: not asked again.
STEP_SAVED = 6


def url(reservation, name, *args):
    return reverse(f"portal:{name}", args=[reservation.portal_token, *args])


@pytest.fixture
def stay(portal):
    """A week from now, with a door code and a Wi-Fi password kept encrypted."""
    portal.check_in = timezone.localdate() + timedelta(days=7)
    portal.check_out = portal.check_in + timedelta(days=3)
    portal.save()
    portal.property.door_code, portal.property.wifi_password = "4711", "sea-breeze"
    portal.property.save()
    return portal


@pytest.fixture
def selling(cast, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    return PaymentAccount.objects.create(
        organization=cast.organization, stripe_account_id="acct_x", charges_enabled=True
    )


def extras(cast, count):
    for n in range(count):
        Upsell.objects.create(organization=cast.organization, name={"en": f"Extra {n}"}, price=1000, position=n)


def paid_orders(stay, count):
    for n in range(count):
        Order.objects.create(
            organization=stay.organization,
            reservation=stay,
            status=OrderStatus.PAID,
            cart_key=f"paid-{n}",
            currency="eur",
            amount=1000,
            commission=100,
            checkout_session_id=f"cs_test_{n}",
        )


@pytest.fixture
def decryptions(monkeypatch):
    """The encrypted values read from the database (blanks are not encrypted) during a test."""
    read = []
    from_db_value = EncryptedTextField.from_db_value

    def counting(field, value, expression, connection):
        if value not in (None, ""):
            read.append(f"{field.model.__name__}.{field.name}")
        return from_db_value(field, value, expression, connection)

    monkeypatch.setattr(EncryptedTextField, "from_db_value", counting)
    return read


def test_the_first_page_reads_the_stay_property_account_brand_and_check_in_in_one_query(
    client, stay, django_assert_num_queries
):
    start_checkin(reservation=stay, language="en")
    GuideSectionFactory(property=stay.property)

    with django_assert_num_queries(HOME):
        response = client.get(url(stay, "home"))

    assertContains(response, "Continue check-in")
    assertContains(response, "Your guide")


@pytest.mark.parametrize("brand_of", ["none", "account", "property"])
def test_the_brand_comes_with_the_stay_whichever_sets_it(client, stay, cast, brand_of, django_assert_num_queries):
    if brand_of == "account":
        Brand.objects.create(organization=cast.organization, primary_color="#123456")
    if brand_of == "property":
        Brand.objects.create(organization=cast.organization, primary_color="#654321")
        Brand.objects.create(organization=cast.organization, property=stay.property, primary_color="#abcdef")
    colour = {"none": Brand().primary_color, "account": "#123456", "property": "#abcdef"}[brand_of]

    with django_assert_num_queries(HOME):
        response = client.get(url(stay, "home"))

    assertContains(response, f"--brand: {colour};")


@pytest.mark.parametrize("many", [False, True], ids=["one of each", "many of each"])
def test_the_first_page_asks_the_same_few_queries_however_many_extras_orders_and_guide_sections(
    client, cast, stay, selling, many, django_assert_num_queries
):
    count = 6 if many else 1
    extras(cast, count)
    paid_orders(stay, count)
    for _ in range(count):
        GuideSectionFactory(property=stay.property)

    with django_assert_num_queries(HOME_WITH_EXTRAS):
        response = client.get(url(stay, "home"))

    assertContains(response, "Extras for your stay")


def test_the_first_page_decrypts_nothing_it_does_not_show(client, stay, decryptions):
    start_checkin(reservation=stay, language="en")  # answers kept encrypted from here

    assert client.get(url(stay, "home")).status_code == 200

    assert decryptions == []


def test_a_check_in_step_is_drawn_from_one_query_decrypting_only_the_answers(
    client, stay, decryptions, django_assert_num_queries
):
    start_checkin(reservation=stay, language="en")
    decryptions.clear()

    with django_assert_num_queries(STEP):
        response = client.get(url(stay, "step", "details"))

    assert response.status_code == 200
    assert decryptions == ["CheckinSubmission.answers"]


@pytest.mark.parametrize("party_size", ["2", "1", "5"], ids=["the booked party", "fewer guests", "more guests"])
def test_saving_a_step_asks_a_few_queries_whatever_the_party_size(
    client, stay, party_size, django_assert_max_num_queries
):
    start_checkin(reservation=stay, language="en")

    with django_assert_max_num_queries(STEP_SAVED):
        response = client.post(url(stay, "step", "details"), {"party_size": party_size, "f-arrival_time": "17:30"})

    assert response["Location"] == url(stay, "step", "guest-1")


def test_the_guide_reads_the_door_code_and_wi_fi_password_together_once_they_show(client, stay, decryptions):
    """Left unread by the stay's query, the secrets come in one more query when an unlocked section shows them."""
    GuideSectionFactory(
        property=stay.property, visibility="after_checkin", body={"en": "Door {door_code}, Wi-Fi {wifi_password}"}
    )
    stay.checkin_status = "completed"
    stay.save()

    response = client.get(url(stay, "guide"))

    assertContains(response, "Door 4711, Wi-Fi sea-breeze")
    assert sorted(decryptions) == ["Property.door_code", "Property.wifi_password"]


def test_a_refused_step_is_drawn_with_the_brand_all_the_same(client, cast, stay):
    """A POST reads no brand to save and move on; one it must draw again still wears the host's colours."""
    Brand.objects.create(organization=cast.organization, primary_color="#123456")
    start_checkin(reservation=stay, language="en")

    response = client.post(url(stay, "step", "details"), {"party_size": "99"})

    assert response.status_code == 400
    assertContains(response, "--brand: #123456;", status_code=400)
