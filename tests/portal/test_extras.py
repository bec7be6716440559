"""Extras in the guest portal: the offers as the guest's stay prices them, the way to pay, and the orders in words.

Stripe is never called here: `start_checkout` and `start_deposit` are replaced where a view would call them
(payments' own tests cover the services). Payments are "on" with a secret key set and an account that can sell.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from payments.models import DepositPolicy, Order, OrderItem, OrderKind, OrderStatus, PaymentAccount, Pricing, Upsell
from payments.services import checkout as checkout_service

STRIPE_URL = "https://checkout.stripe.test/c/pay/cs_test_1"


def spanish(text):
    with translation.override("es"):
        return translation.gettext(text)


@pytest.fixture
def payments_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"


@pytest.fixture
def account(cast, payments_on):
    return PaymentAccount.objects.create(
        organization=cast.organization, stripe_account_id="acct_x", charges_enabled=True
    )


def upsell(organization, **fields):
    fields.setdefault("name", {"en": "Extra"})
    fields.setdefault("price", 1000)
    return Upsell.objects.create(organization=organization, **fields)


@pytest.fixture
def stay(portal):
    """Three nights for two guests, a week from now."""
    portal.check_in = timezone.localdate() + timedelta(days=7)
    portal.check_out = portal.check_in + timedelta(days=3)
    portal.guests_count = 2
    portal.save()
    return portal


@pytest.fixture
def offers(cast, account, stay):
    """A late check-out (needs the host's approval), breakfast per guest, a daily clean per night, a transfer."""
    return SimpleNamespace(
        late=upsell(
            cast.organization,
            name={"en": "Late check-out", "es": "Salida tardía"},
            description={"en": "Stay until 2 pm on your last day.", "es": "Quédate hasta las 14:00."},
            price=3000,
            needs_approval=True,
            position=1,
        ),
        breakfast=upsell(
            cast.organization,
            name={"en": "Breakfast basket"},
            price=1200,
            pricing=Pricing.PER_GUEST,
            max_quantity=3,
            position=2,
        ),
        cleaning=upsell(
            cast.organization, name={"en": "Daily cleaning"}, price=1500, pricing=Pricing.PER_NIGHT, position=3
        ),
        transfer=upsell(cast.organization, name={"en": "Airport transfer"}, price=4500, max_quantity=2, position=4),
    )


def extras_url(reservation, **query):
    url = reverse("portal:extras", args=[reservation.portal_token])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def checkout_url(reservation):
    return reverse("portal:checkout", args=[reservation.portal_token])


def return_url(reservation, session_id="cs_test_1"):
    return reverse("portal:extras_return", args=[reservation.portal_token]) + f"?session_id={session_id}"


def order_of(reservation, *, status=OrderStatus.PENDING, kind=OrderKind.EXTRAS, amount=3000, items=(), **fields):
    fields.setdefault("checkout_session_id", "cs_test_1")
    fields.setdefault("checkout_url", STRIPE_URL)
    order = Order.objects.create(
        organization=reservation.organization,
        reservation=reservation,
        kind=kind,
        status=status,
        cart_key=f"{kind}-{status}-{amount}-{fields['checkout_session_id']}",
        currency="eur",
        amount=amount,
        commission=amount // 10,
        **fields,
    )
    for name, quantity, price in items or [("Late check-out", 1, amount)]:
        OrderItem.objects.create(
            order=order, name=name, unit_price=price, quantity=quantity, units=1, amount=price * quantity
        )
    return order


@pytest.fixture
def started(monkeypatch):
    """`start_checkout` replaced: what it was asked, and a pending order with a Checkout URL."""
    calls = []

    def start_checkout(*, reservation, quantities, language, request=None):
        calls.append({"reservation": reservation, "quantities": quantities, "language": language})
        return SimpleNamespace(checkout_url=STRIPE_URL, status=OrderStatus.PENDING)

    monkeypatch.setattr(checkout_service, "start_checkout", start_checkout)
    return calls


# --- The offers ------------------------------------------------------------------------------------


def test_the_offers_are_cards_with_their_price_for_this_stay(client, offers, stay):
    response = client.get(extras_url(stay))

    assert response.status_code == 200
    assertContains(response, "<h1>Extras for your stay</h1>", html=True)
    assertContains(response, "Late check-out")
    assertContains(response, "Stay until 2 pm on your last day.")
    assertContains(response, "€30.00")
    assertContains(response, "€12.00 per guest × 2 guests = €24.00")
    assertContains(response, "€15.00 per night × 3 nights = €45.00")
    assertContains(response, "Airport transfer")


def test_an_extra_needing_approval_says_so_and_the_others_do_not(client, offers, stay):
    body = client.get(extras_url(stay)).content.decode()

    assert body.count("Needs the host’s approval") == 1
    late = body.index("Late check-out")
    assert late < body.index("Needs the host’s approval") < body.index("Breakfast basket")


def test_each_offer_has_a_quantity_from_0_to_its_maximum(client, offers, stay):
    response = client.get(extras_url(stay))

    assertContains(response, f'name="qty-{offers.breakfast.pk}" value="0" min="0" max="3"')
    assertContains(response, f'name="qty-{offers.late.pk}" value="0" min="0" max="1"')
    assertContains(response, 'type="number"', count=4)
    assertContains(response, "js/extras.js")


def test_the_offers_are_in_the_guests_language(client, offers, stay):
    stay.guest_language = "es"
    stay.save()

    response = client.get(extras_url(stay))

    assertContains(response, "Salida tardía")
    assertContains(response, "Quédate hasta las 14:00.")
    assertNotContains(response, "Late check-out")
    assertContains(response, "Breakfast basket")  # no Spanish name: the host's English
    assertContains(response, spanish("Extras for your stay"))
    assertContains(response, "€12,00")  # Spanish digits


def test_the_photo_of_an_extra_is_shown(client, offers, stay):
    offers.transfer.image = "upsells/transfer.jpg"
    offers.transfer.save()

    assertContains(client.get(extras_url(stay)), '<img class="offer-photo" src="/media/upsells/transfer.jpg"')


def test_an_extra_of_another_property_or_off_sale_is_not_offered(client, cast, offers, stay):
    elsewhere = upsell(cast.organization, name={"en": "Loft bikes"}, all_properties=False)
    elsewhere.properties.set([cast.loft])
    upsell(cast.organization, name={"en": "Old offer"}, active=False)

    response = client.get(extras_url(stay))

    assertNotContains(response, "Loft bikes")
    assertNotContains(response, "Old offer")


def test_nothing_on_offer_says_so(client, account, stay):
    response = client.get(extras_url(stay))

    assert response.status_code == 200
    assertContains(response, "There are no extras on offer for your stay right now.")
    assertNotContains(response, "data-extras")


def test_a_canceled_payment_says_nothing_was_charged(client, offers, stay):
    assertContains(client.get(extras_url(stay, canceled=1)), "Payment canceled, nothing was charged.")
    assertNotContains(client.get(extras_url(stay)), "Payment canceled")


# --- Payments off, or a host who cannot sell yet -----------------------------------------------------


def _every_page(client, reservation):
    token = reservation.portal_token
    return [
        client.get(extras_url(reservation)),
        client.post(checkout_url(reservation), {"qty-1": "1"}),
        client.post(reverse("portal:deposit", args=[token])),
        client.get(return_url(reservation)),
    ]


def test_payments_off_the_pages_are_not_there_and_home_has_no_link(client, cast, stay, settings, started):
    PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_x", charges_enabled=True)
    upsell(cast.organization, name={"en": "Late check-out"})
    settings.STRIPE_SECRET_KEY = ""

    assert [r.status_code for r in _every_page(client, stay)] == [404, 404, 404, 404]
    home = client.get(reverse("portal:home", args=[stay.portal_token]))
    assertNotContains(home, "Extras for your stay")
    assertNotContains(home, "/extras/")
    assert started == []


@pytest.mark.parametrize("account_state", ["none", "onboarding", "no_account_id"])
def test_a_host_who_cannot_take_payments_yet_sells_nothing(client, cast, stay, payments_on, account_state):
    if account_state == "onboarding":
        PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_x", charges_enabled=False)
    elif account_state == "no_account_id":
        PaymentAccount.objects.create(organization=cast.organization, charges_enabled=True)
    upsell(cast.organization, name={"en": "Late check-out"})

    assert [r.status_code for r in _every_page(client, stay)] == [404, 404, 404, 404]
    assertNotContains(client.get(reverse("portal:home", args=[stay.portal_token])), "Extras for your stay")


def test_home_links_to_the_extras_when_there_are_some(client, offers, stay):
    home = client.get(reverse("portal:home", args=[stay.portal_token]))

    assertContains(home, "Extras for your stay")
    assertContains(home, f'href="{extras_url(stay)}"')
    assertContains(home, "Late check-out")


def test_home_has_no_link_when_nothing_is_on_offer_or_ordered(client, account, stay):
    assertNotContains(client.get(reverse("portal:home", args=[stay.portal_token])), "Extras for your stay")


def test_home_links_to_the_guests_orders_once_nothing_more_is_on_offer(client, account, stay):
    order_of(stay, status=OrderStatus.PAID)

    home = client.get(reverse("portal:home", args=[stay.portal_token]))

    assertContains(home, "See your extras")


def test_a_wrong_token_opens_nothing(client, offers):
    assert client.get(reverse("portal:extras", args=["not-a-token"])).status_code == 404


# --- Paying -------------------------------------------------------------------------------------------


def test_pay_sends_the_guest_to_stripe_checkout_with_what_they_chose(client, offers, stay, started):
    response = client.post(
        checkout_url(stay),
        {f"qty-{offers.late.pk}": "1", f"qty-{offers.breakfast.pk}": "2", f"qty-{offers.transfer.pk}": "0"},
    )

    assert response.status_code == 303
    assert response["Location"] == STRIPE_URL
    assert started == [
        {"reservation": stay, "quantities": {offers.late.pk: 1, offers.breakfast.pk: 2}, "language": "en"}
    ]


def test_the_checkout_is_in_the_guests_language(client, offers, stay, started):
    client.cookies.load({"django_language": "es"})

    client.post(checkout_url(stay), {f"qty-{offers.late.pk}": "1"})

    assert started[0]["language"] == "es"


def test_an_empty_quantity_counts_as_none(client, offers, stay, started):
    response = client.post(checkout_url(stay), {f"qty-{offers.late.pk}": "", f"qty-{offers.transfer.pk}": "2"})

    assert response.status_code == 303
    assert started[0]["quantities"] == {offers.transfer.pk: 2}


def test_checkout_only_answers_a_form(client, offers, stay):
    assert client.get(checkout_url(stay)).status_code == 405


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "Enter 0 or more."),
        ("4", "You can buy at most 3."),
        ("two", "Enter a whole number, like 1."),
        ("1.5", "Enter a whole number, like 1."),
        ("1_0", "Enter a whole number, like 1."),
        ("99999999999999999999", "Enter a whole number, like 1."),
    ],
)
def test_a_wrong_quantity_is_explained_at_its_extra_and_nothing_is_bought(
    client, offers, stay, started, value, message
):
    response = client.post(checkout_url(stay), {f"qty-{offers.breakfast.pk}": value, f"qty-{offers.late.pk}": "1"})

    assert response.status_code == 400
    assertContains(response, message, status_code=400, count=2)  # in the summary and at the extra
    assertContains(response, f'href="#qty-{offers.breakfast.pk}"', status_code=400)
    assertContains(response, 'aria-invalid="true"', count=1, status_code=400)
    assert started == []
    assert not Order.objects.exists()


def test_what_the_guest_chose_is_kept_when_the_page_comes_back(client, offers, stay, started):
    response = client.post(checkout_url(stay), {f"qty-{offers.breakfast.pk}": "9", f"qty-{offers.transfer.pk}": "2"})

    assertContains(response, f'name="qty-{offers.transfer.pk}" value="2"', status_code=400)
    assertContains(response, f'name="qty-{offers.breakfast.pk}" value="9"', status_code=400)


def test_an_extra_of_another_host_account_cannot_be_bought(client, cast, offers, stay, started):
    theirs = upsell(cast.outsider.organization, name={"en": "Rival spa"})

    response = client.post(checkout_url(stay), {f"qty-{theirs.pk}": "1", f"qty-{offers.late.pk}": "1"})

    assertContains(response, "One of the extras you chose is no longer on sale. Please choose again.", status_code=400)
    assertNotContains(response, "Rival spa", status_code=400)
    assert started == []


def test_nothing_chosen_asks_for_a_choice(client, offers, stay, started):
    response = client.post(checkout_url(stay), {f"qty-{offers.late.pk}": "0"})

    assertContains(response, "Choose at least one extra.", status_code=400)
    assert started == []


def test_a_refusal_of_the_checkout_is_shown_and_changes_nothing(client, offers, stay, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError("These extras are priced in different currencies: pay for them separately.")

    monkeypatch.setattr(checkout_service, "start_checkout", refuse)

    response = client.post(checkout_url(stay), {f"qty-{offers.late.pk}": "1"})

    assertContains(
        response, "These extras are priced in different currencies: pay for them separately.", status_code=400
    )
    assertContains(response, f'name="qty-{offers.late.pk}" value="1"', status_code=400)
    assert not Order.objects.exists()


def test_a_double_click_goes_to_the_same_checkout(client, offers, stay, started):
    first = client.post(checkout_url(stay), {f"qty-{offers.late.pk}": "1"})
    second = client.post(checkout_url(stay), {f"qty-{offers.late.pk}": "1"})

    assert first["Location"] == second["Location"] == STRIPE_URL


# --- The guest's orders --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, fields, words",
    [
        (OrderStatus.PENDING, {}, ["Not paid yet", "Nothing has been charged.", "Finish paying"]),
        (OrderStatus.AUTHORISED, {"needs_approval": True}, ["Waiting for the host’s approval", "not charged"]),
        (OrderStatus.PAID, {"captured": 3000}, ["Confirmed", "Paid €30.00"]),
        (OrderStatus.DECLINED, {}, ["Declined", "The authorisation was released: nothing was charged."]),
        (
            OrderStatus.PARTIALLY_REFUNDED,
            {"captured": 3000, "refunded": 1000},
            ["Partly refunded", "€10.00 of €30.00 was refunded to your card."],
        ),
        (OrderStatus.REFUNDED, {"captured": 3000, "refunded": 3000}, ["Refunded", "€30.00 was refunded to your card."]),
        (OrderStatus.FAILED, {}, ["Payment failed", "nothing was charged"]),
    ],
)
def test_the_guests_orders_say_where_they_stand(client, offers, stay, status, fields, words):
    order_of(stay, status=status, **fields)

    response = client.get(extras_url(stay))

    assertContains(response, "Your extras")
    for word in words:
        assertContains(response, word)
    if status != OrderStatus.PENDING:
        assertNotContains(response, "Finish paying")


def test_an_order_waiting_for_approval_says_by_when_the_answer_comes(client, offers, stay):
    deadline = timezone.make_aware(timezone.datetime(2031, 5, 8, 16, 0), stay.property.tz)
    order_of(stay, status=OrderStatus.AUTHORISED, needs_approval=True, approval_deadline=deadline)

    assertContains(client.get(extras_url(stay)), "you will have an answer by Thursday, 8 May, 16:00")


def test_an_order_lists_what_was_bought(client, offers, stay):
    order_of(
        stay, status=OrderStatus.PAID, amount=5400, items=[("Late check-out", 1, 3000), ("Breakfast basket", 2, 1200)]
    )

    response = client.get(extras_url(stay))

    assertContains(response, "<li>Late check-out</li>", html=True)
    assertContains(response, "<li>2 × Breakfast basket</li>", html=True)
    assertContains(response, "€54.00")


def test_another_reservations_link_never_shows_this_stays_orders(client, cast, offers, stay):
    order_of(stay, status=OrderStatus.PAID, items=[("Secret champagne", 1, 3000)])
    other = cast.loft_reservation

    response = client.get(extras_url(other))

    assertNotContains(response, "Secret champagne")
    assertNotContains(response, "Your extras")
    assertNotContains(client.get(return_url(other)), "Secret champagne")


# --- The deposit ------------------------------------------------------------------------------------------


@pytest.fixture
def deposit_policy(cast, account, stay):
    stay.check_in = timezone.localdate() + timedelta(days=2)
    stay.check_out = stay.check_in + timedelta(days=3)
    stay.save()
    return DepositPolicy.objects.create(
        organization=cast.organization, property=stay.property, amount=20000, release_days_after_checkout=2
    )


def test_a_deposit_due_is_explained_with_its_button(client, deposit_policy, stay):
    response = client.get(extras_url(stay))

    assertContains(response, "Security deposit")
    assertContains(response, "€200.00")
    assertContains(response, "It is an authorisation on your card, not a charge.")
    assertContains(response, "The hold is released 2 days after check-out, unless there is damage.")
    assertContains(response, f'action="{reverse("portal:deposit", args=[stay.portal_token])}"')
    assertContains(client.get(reverse("portal:home", args=[stay.portal_token])), "security deposit of €200.00")


def test_no_deposit_card_before_it_is_asked_for(client, deposit_policy, stay):
    stay.check_in = timezone.localdate() + timedelta(days=20)
    stay.check_out = stay.check_in + timedelta(days=2)
    stay.save()

    assertNotContains(client.get(extras_url(stay)), "Security deposit")


def test_authorising_the_deposit_goes_to_stripe(client, deposit_policy, stay, monkeypatch):
    asked = []

    def start_deposit(*, reservation, language, request=None):
        asked.append((reservation, language))
        return SimpleNamespace(checkout_url=STRIPE_URL)

    monkeypatch.setattr(checkout_service, "start_deposit", start_deposit)

    response = client.post(reverse("portal:deposit", args=[stay.portal_token]))

    assert response.status_code == 303
    assert response["Location"] == STRIPE_URL
    assert asked == [(stay, "en")]


def test_an_authorised_deposit_says_when_it_is_released(client, deposit_policy, stay):
    release = timezone.make_aware(timezone.datetime(2031, 5, 14, 10, 0), stay.property.tz)
    order_of(stay, status=OrderStatus.AUTHORISED, kind=OrderKind.DEPOSIT, amount=20000, release_after=release)

    response = client.get(extras_url(stay))

    assertContains(response, "Deposit authorised")
    assertContains(response, "€200.00 is held on your card, not charged. It is released by Wednesday, 14 May, 10:00")
    assertNotContains(response, 'action="' + reverse("portal:deposit", args=[stay.portal_token]))


# --- Back from Stripe ---------------------------------------------------------------------------------------


def test_the_return_page_never_confirms_the_order_itself(client, offers, stay):
    order = order_of(stay, status=OrderStatus.PENDING, needs_approval=True)

    response = client.get(return_url(stay))

    assertContains(response, "Thank you — we’re confirming your payment")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.paid_at is None


def test_the_return_page_watches_the_order_every_two_seconds_while_it_is_pending(client, offers, stay):
    order_of(stay, status=OrderStatus.PENDING)

    response = client.get(return_url(stay))

    assertContains(response, 'hx-trigger="every 2s"')
    assertContains(response, f'hx-get="{return_url(stay)}"')
    assertContains(response, "htmx")


def test_the_status_partial_stops_polling_once_the_order_is_not_pending(client, offers, stay):
    order = order_of(stay, status=OrderStatus.PENDING, needs_approval=True)

    pending = client.get(return_url(stay), headers={"HX-Request": "true"})
    order.status = OrderStatus.AUTHORISED
    order.save()
    answered = client.get(return_url(stay), headers={"HX-Request": "true"})

    assert "<html" not in pending.content.decode()
    assertContains(pending, 'hx-trigger="every 2s"')
    assert "<html" not in answered.content.decode()
    assertNotContains(answered, "hx-trigger")
    assertContains(answered, "Now waiting for the host’s approval")


def test_the_return_page_of_a_paid_order_confirms_it(client, offers, stay):
    order_of(stay, status=OrderStatus.PAID, captured=3000)

    response = client.get(return_url(stay))

    assertContains(response, "Your extras are confirmed")
    assertNotContains(response, "hx-trigger")


def test_the_return_page_of_a_failed_payment_says_nothing_was_charged(client, offers, stay):
    order_of(stay, status=OrderStatus.FAILED)

    assertContains(client.get(return_url(stay)), "Your payment was not completed")


def test_the_return_page_of_an_unknown_payment_points_to_the_extras(client, offers, stay):
    order_of(stay, status=OrderStatus.PENDING)

    for url in (return_url(stay, "cs_someone_else"), reverse("portal:extras_return", args=[stay.portal_token])):
        response = client.get(url)
        assertContains(response, "We couldn’t find this payment.")
        assertNotContains(response, "hx-trigger")


def test_an_extra_already_bought_says_so_on_its_card(client, offers, stay):
    order = order_of(stay, status=OrderStatus.AUTHORISED, needs_approval=True)
    order.items.update(upsell=offers.late)

    body = client.get(extras_url(stay)).content.decode()

    assert body.count("Already in your extras.") == 1
    assert body.index("Late check-out", body.index("On offer")) < body.index("Already in your extras.")
    assert body.index("Already in your extras.") < body.index("Breakfast basket")


# --- Light on a weak connection --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["extras", "return"])
def test_the_extras_pages_weigh_under_100_kb(client, offers, stay, page):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    from tests.portal.test_page_weight import BUDGET, _assets

    order_of(stay, status=OrderStatus.PENDING)
    url = extras_url(stay) if page == "extras" else return_url(stay)
    html = client.get(url).content.decode()

    assets = _assets(html) + re.findall(r'<script src="/static/([^"]+)"[^>]*defer', html)
    total = len(html.encode()) + sum(Path(finders.find(path)).stat().st_size for path in set(assets))
    assert total < BUDGET, f"{page}: {total} bytes"


def test_the_return_page_of_a_checkout_that_expired_stops_watching(client, offers, stay):
    order_of(stay, status=OrderStatus.EXPIRED)

    response = client.get(return_url(stay), headers={"HX-Request": "true"})

    assertContains(response, "Your payment was not completed")
    assertNotContains(response, "hx-trigger")


def test_while_confirming_the_return_page_does_not_ask_to_pay_again(client, offers, stay):
    order_of(stay, status=OrderStatus.PENDING)

    response = client.get(return_url(stay))

    assertContains(response, "Late check-out")
    assertNotContains(response, "Finish paying")
    assertNotContains(response, "Not paid yet")
