"""The extras pages speak the guest's language: no English left where the catalogue has a translation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from payments.models import DepositPolicy, OrderKind, OrderStatus
from tests.portal.test_extras import account, offers, order_of, payments_on, stay  # noqa: F401
from tests.test_guest_languages import LANGUAGES, translated_english, visible_text


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def everything(cast, offers, stay):  # noqa: F811
    """A stay with a deposit due and an order in every state a guest sees."""
    stay.check_in = timezone.localdate() + timedelta(days=2)
    stay.check_out = stay.check_in + timedelta(days=3)
    stay.save()
    DepositPolicy.objects.create(organization=cast.organization, property=stay.property, amount=20000)
    deadline = timezone.now() + timedelta(hours=20)
    for number, status in enumerate(OrderStatus):
        order_of(
            stay,
            status=status,
            needs_approval=True,
            approval_deadline=deadline,
            checkout_session_id=f"cs_{number}",
            captured=3000 if status in ("paid", "partially_refunded", "refunded") else 0,
            refunded={"partially_refunded": 1000, "refunded": 3000}.get(status, 0),
        )
    order_of(stay, status=OrderStatus.AUTHORISED, kind=OrderKind.DEPOSIT, amount=20000, checkout_session_id="cs_dep")
    return stay


def _urls(reservation):
    token = reservation.portal_token
    extras = reverse("portal:extras", args=[token])
    back = reverse("portal:extras_return", args=[token])
    return [
        reverse("portal:home", args=[token]),
        extras,
        extras + "?canceled=1",
        *(f"{back}?session_id=cs_{n}" for n in range(len(OrderStatus))),
        f"{back}?session_id=cs_dep",
        f"{back}?session_id=cs_unknown",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_extras_page_shows_english_a_translation_exists_for(client, everything, offers, language):  # noqa: F811
    english = translated_english(language)
    client.cookies.load({"django_language": language})
    left = {}
    for url in _urls(everything):
        response = client.get(url)
        assert response.status_code == 200, url
        found = sorted(message for message in english if message in visible_text(response.content.decode()))
        if found:
            left[url] = found
    refused = client.post(reverse("portal:checkout", args=[everything.portal_token]), {f"qty-{offers.late.pk}": "x"})
    assert refused.status_code == 400
    found = sorted(message for message in english if message in visible_text(refused.content.decode()))
    if found:
        left["checkout refused"] = found
    assert left == {}, f"{language}: English left on the extras pages: {left}"


def test_the_extras_page_in_spanish(client, offers, stay):  # noqa: F811
    client.cookies.load({"django_language": "es"})

    body = visible_text(client.get(reverse("portal:extras", args=[stay.portal_token])).content.decode())

    assert "Extras para tu estancia" in body
    assert "€12,00 por huésped × 2 huéspedes = €24,00" in body
    assert "€15,00 por noche × 3 noches = €45,00" in body
    assert (
        in_language(
            "es", "Needs the host’s approval: your card is only authorised, and charged once %(host)s confirms."
        )
        % {"host": stay.organization.name}
        in body
    )
