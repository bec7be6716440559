"""factory_boy factories; sub-factories share their parent's host account."""

from datetime import date, timedelta

import factory

from accounts.models import Membership, Organization, Role, User
from properties.models import Property
from reservations.models import Guest, Reservation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Host account {n}")
    slug = factory.Sequence(lambda n: f"host-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.OWNER

    @factory.post_generation
    def properties(self, create, extracted, **kwargs):
        if create and extracted:
            self.properties.set(extracted)


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Casa {n}")
    address = "1 Beach Road"
    city = "Valencia"
    country = "ES"
    timezone = "Europe/Madrid"
    max_guests = 6


class ReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reservation

    property = factory.SubFactory(PropertyFactory)
    organization = factory.SelfAttribute("property.organization")
    confirmation_code = factory.Sequence(lambda n: f"HM{n:06d}")
    check_in = factory.LazyFunction(lambda: date.today() + timedelta(days=7))
    check_out = factory.LazyAttribute(lambda o: o.check_in + timedelta(days=3))
    guests_count = 2
    guest_name = factory.Faker("name")
    guest_email = factory.Sequence(lambda n: f"guest{n}@example.net")


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    reservation = factory.SubFactory(ReservationFactory)
    organization = factory.SelfAttribute("reservation.organization")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


def _invitation_hash(raw):
    from accounts.models import Invitation

    return Invitation.hash(raw)


def _in_a_week():
    from django.utils import timezone

    return timezone.now() + timedelta(days=7)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; pass `token="..."` to know the raw token of its accept link."""

    class Meta:
        model = "accounts.Invitation"
        skip_postgeneration_save = True

    class Params:
        token = factory.Sequence(lambda n: f"invitation-token-{n}")

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Role.MANAGER
    token_hash = factory.LazyAttribute(lambda o: _invitation_hash(o.token))
    expires_at = factory.LazyFunction(_in_a_week)

    @factory.post_generation
    def properties(self, create, extracted, **kwargs):
        if create and extracted:
            self.properties.set(extracted)
