"""factory_boy factories; sub-factories share their parent's host account."""

from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile

from accounts.models import Membership, Organization, User
from accounts.permissions import Role
from gorently import encrypted_files
from properties.models import Property
from reservations.models import Guest, Reservation

PASSWORD = "correct horse battery staple"  # every factory-made user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


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


# --- Check-in: a frozen form version, a submission, its documents ------------------------

# A small frozen schema (see FormField.spec): identity data is marked `sensitive`.
TINY_SCHEMA = [
    {"key": "arrival_time", "type": "text", "scope": "reservation", "required": False, "sensitive": False},
    {"key": "tax_id", "type": "text", "scope": "reservation", "required": False, "sensitive": True},
    {"key": "first_name", "type": "text", "scope": "every_guest", "required": True, "sensitive": False},
    {"key": "document_number", "type": "text", "scope": "every_guest", "required": True, "sensitive": True},
    {"key": "document_photo", "type": "document", "scope": "every_guest", "required": True, "sensitive": True},
    {"key": "signature", "type": "signature", "scope": "reservation", "required": True, "sensitive": False},
]
for _spec in TINY_SCHEMA:
    _spec.update(label={"en": _spec["key"].replace("_", " ").capitalize()}, help={}, options=[], agreement={})


class CheckinFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "checkin.CheckinForm"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Check-in form {n}")


class FormVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "checkin.FormVersion"

    form = factory.SubFactory(CheckinFormFactory)
    number = factory.Sequence(lambda n: n + 1)
    schema = factory.LazyFunction(lambda: [dict(spec) for spec in TINY_SCHEMA])


class CheckinSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "checkin.CheckinSubmission"

    reservation = factory.SubFactory(ReservationFactory)
    organization = factory.SelfAttribute("reservation.organization")
    form_version = factory.SubFactory(FormVersionFactory, form__organization=factory.SelfAttribute("...organization"))
    party_size = 1
    step = "review"
    answers = factory.LazyFunction(
        lambda: {
            "reservation": {"arrival_time": "15:00", "tax_id": "ES-B12345678"},
            "guests": [{"first_name": "Ana", "document_number": "XK1234567"}],
        }
    )


class GuestDocumentFactory(factory.django.DjangoModelFactory):
    """A front photo of guest 1's document in private storage; `data=` sets its (plaintext) bytes.

    Stored encrypted, as uploads are; `encrypted=False` stores the plain bytes, like a file
    uploaded before encryption.
    """

    class Meta:
        model = "checkin.GuestDocument"

    class Params:
        data = factory.Sequence(lambda n: b"\x89PNG\r\n\x1a\n" + f"test document {n}".encode())

    submission = factory.SubFactory(CheckinSubmissionFactory)
    organization = factory.SelfAttribute("submission.organization")
    guest_index = 0
    field_key = "document_photo"
    kind = "front"
    encrypted = True
    file = factory.LazyAttribute(
        lambda o: ContentFile(encrypted_files.encrypt(o.data) if o.encrypted else o.data, name="document.png")
    )
    content_type = "image/png"
    size = factory.LazyAttribute(lambda o: len(o.data))


class FormFieldFactory(factory.django.DjangoModelFactory):
    """A short-text field at the end of its form; pass `label={"en": ..., "es": ...}` for translations."""

    class Meta:
        model = "checkin.FormField"

    form = factory.SubFactory(CheckinFormFactory)
    organization = factory.SelfAttribute("form.organization")
    position = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"question_{n}")
    type = "text"
    label = factory.LazyAttribute(lambda o: {"en": o.key.replace("_", " ").capitalize()})


class GuideSectionFactory(factory.django.DjangoModelFactory):
    """A section of a property's guide (pass `property=None, organization=...` for a shared one)."""

    class Meta:
        model = "properties.GuideSection"

    property = factory.SubFactory(PropertyFactory)
    organization = factory.LazyAttribute(lambda o: o.property.organization if o.property else None)
    position = factory.Sequence(lambda n: n + 1)
    kind = "free"
    title = factory.Sequence(lambda n: {"en": f"Section {n}"})
    body = factory.LazyFunction(lambda: {"en": "Some **text**."})


class GuidePlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "properties.GuidePlace"

    section = factory.SubFactory(GuideSectionFactory, kind="recommendations")
    organization = factory.SelfAttribute("section.organization")
    name = factory.Sequence(lambda n: f"Place {n}")
    category = "Restaurant"
    address = "Carrer de la Reina 112, Valencia"
