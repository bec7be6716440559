"""A reservation's check-in (GET /api/v1/checkins/{reservation_id}/) and its files (GET /api/v1/documents/{signed}/).

The check-in is read as the host's reservation page reads it: the answers step by step (steps_for, fields_for,
display_value), the guests' rows, the signatures (signatures_of) and the files still kept (identity documents
until the retention purge, signatures after it too). A file is never in the JSON: each has a link signed for
the caller's account that opens for LINK_SECONDS, through the same decrypting read as the host's document view;
each file fetched is written to the activity log like a host opening it ("checkin.document_viewed").
"""

import io
import posixpath
from datetime import timedelta

from django.core import signing
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers

from accounts.activity import record_action
from accounts.api_base import AccountViewSet
from gorently.api import ID, ID_SCHEMA
from gorently.translations import localized
from reservations.checkin.fields import FieldType
from reservations.checkin.models import GuestDocument
from reservations.checkin.selectors import checkins_of, content_of, get_file_for, submission_of
from reservations.checkin.steps import fields_for, steps_for
from reservations.checkin.summary import display_value, signatures_of
from reservations.checkin.views.documents import PRIVATE_HEADERS
from reservations.models import CheckinStatus, Guest, Reservation

LINK_SECONDS = 5 * 60
LINK_SALT = "reservations.checkin.api.document"
FILE_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")  # what uploads.clean_document keeps


# --- Signed links ---------------------------------------------------------------------------------


def document_token(document, organization_id):
    """The link's last segment: the document's id and the caller's account, signed with the time."""
    return signing.TimestampSigner(salt=LINK_SALT).sign_object([document.pk, organization_id])


def document_in(token, organization_id):
    """The document id a link names when signed for this account less than LINK_SECONDS ago; else None."""
    try:
        document_id, signed_for = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token, max_age=LINK_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if signed_for != organization_id or not isinstance(document_id, int):
        return None
    return document_id


def guest_number(guest_index):
    """1 for the main guest, 2 for the next…; None for the reservation as a whole."""
    return None if guest_index is None else guest_index + 1


# --- The check-in -----------------------------------------------------------------------------------


def answers_of(submission):
    """Every question the guest was asked, in the order of the steps, with its answer (None when blank or purged)."""
    specs = submission.form_version.specs
    answers = submission.answers or {}
    guests = answers.get("guests") or []
    rows = []
    with translation.override("en"):
        for step in steps_for(specs, submission.party_size):
            if step.guest_index is None:
                given = answers.get("reservation") or {}
            else:
                given = guests[step.guest_index] if step.guest_index < len(guests) else {}
            for spec in fields_for(step, specs):
                value = given.get(spec.key)
                if value in ("", []):
                    value = None
                rows.append(
                    {
                        "guest": guest_number(step.guest_index),
                        "key": spec.key,
                        "label": localized(spec.label, "en"),
                        "type": spec.type,
                        "identity_data": spec.sensitive,
                        "value": value,
                        "display": None if value is None else str(display_value(spec, value, "en")),
                    }
                )
    return rows


class CheckinGuestSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True, help_text="Empty when not known.")

    class Meta:
        model = Guest
        fields = ["id", "is_main", "first_name", "last_name", "email", "phone"]
        read_only_fields = fields
        extra_kwargs = {"phone": {"help_text": "E.164 (+34612345678), or empty."}}


class CheckinAnswerSerializer(serializers.Serializer):
    guest = serializers.IntegerField(
        allow_null=True,
        help_text="Whose answer: 1 is the main guest, 2 the next…; null for the whole reservation.",
        read_only=True,
    )
    key = serializers.CharField(
        help_text="The field's key in the form (`nationality`, `document_number`).", read_only=True
    )
    label = serializers.CharField(help_text="The question, in English.", read_only=True)
    type = serializers.ChoiceField(choices=FieldType.choices, read_only=True)
    identity_data = serializers.BooleanField(
        help_text="Identity data: deleted after the retention period, when `value` reads null.",
        read_only=True,
    )
    value = serializers.JSONField(
        allow_null=True,
        help_text="As stored: text; a number; true/false (yes/no, agreement); an ISO date; a country code; "
        "an option's value, or a list of them (multiple choice). Null when not answered or deleted.",
        read_only=True,
    )
    display = serializers.CharField(
        allow_null=True,
        help_text="The answer as the host reads it, in English (country and option names).",
        read_only=True,
    )


class CheckinSignatureSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The signature field's label, in English.", read_only=True)
    typed = serializers.CharField(help_text="The full name the guest typed to sign; empty when drawn.", read_only=True)
    signed_at = serializers.DateTimeField(
        allow_null=True, help_text="When a typed signature was given.", read_only=True
    )
    document = serializers.IntegerField(
        allow_null=True,
        help_text="The drawn signature's id in `documents`; null when typed.",
        read_only=True,
    )


class CheckinDocumentSerializer(serializers.ModelSerializer):
    guest = serializers.SerializerMethodField(help_text="1 is the main guest…; null for the reservation.")
    field = serializers.CharField(source="field_key", help_text="The form field it answers.", read_only=True)
    size = serializers.IntegerField(help_text="Bytes.", read_only=True)
    url = serializers.SerializerMethodField(
        help_text="GET it with the same key within five minutes (`expires_at`) for the file itself; "
        "each fetch is written to the activity log.",
    )
    expires_at = serializers.SerializerMethodField()

    class Meta:
        model = GuestDocument
        fields = ["id", "guest", "field", "kind", "content_type", "size", "url", "expires_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_guest(self, document):
        return guest_number(document.guest_index)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document):
        token = document_token(document, self.context["organization_id"])
        path = reverse("api:checkin-document-detail", kwargs={"signed": token})
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_expires_at(self, document):
        return serializers.DateTimeField().to_representation(self.context["links_expire"])


class CheckinSerializer(serializers.ModelSerializer):
    reservation = serializers.IntegerField(source="id", read_only=True)
    checkin_status = serializers.ChoiceField(
        choices=CheckinStatus.choices,
        help_text="As on the reservation (`/reservations/{id}/`).",
        read_only=True,
    )
    started_at = serializers.DateTimeField(source="checkin.created_at", allow_null=True, read_only=True)
    submitted_at = serializers.DateTimeField(
        source="checkin.submitted_at",
        allow_null=True,
        help_text="When the guest sent it; null until then.",
        read_only=True,
    )
    reopened_at = serializers.DateTimeField(
        source="checkin.reopened_at",
        allow_null=True,
        help_text="When the host last reopened it for corrections.",
        read_only=True,
    )
    purged_at = serializers.DateTimeField(
        source="checkin.purged_at",
        allow_null=True,
        help_text="When its identity data was deleted (identity documents and identity-data answers).",
        read_only=True,
    )
    party_size = serializers.IntegerField(source="checkin.party_size", allow_null=True, read_only=True)
    language = serializers.CharField(
        source="checkin.language", allow_null=True, help_text="The guest's language.", read_only=True
    )
    form = serializers.IntegerField(source="checkin.form_version.form_id", allow_null=True, read_only=True)
    form_version = serializers.IntegerField(
        source="checkin.form_version.number",
        allow_null=True,
        help_text="The form's version the guest answered: later changes to the form do not change it.",
        read_only=True,
    )
    guests = CheckinGuestSerializer(
        many=True, read_only=True, help_text="The reservation's guests, the main guest first."
    )
    answers = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField(
        help_text="Identity documents and drawn signatures; after the retention purge, the signatures only.",
    )

    class Meta:
        model = Reservation
        fields = [
            "reservation",
            "checkin_status",
            "started_at",
            "submitted_at",
            "reopened_at",
            "purged_at",
            "party_size",
            "language",
            "form",
            "form_version",
            "guests",
            "answers",
            "signatures",
            "documents",
        ]
        read_only_fields = fields

    @extend_schema_field(CheckinAnswerSerializer(many=True))
    def get_answers(self, reservation):
        submission = submission_of(reservation)
        return [] if submission is None else answers_of(submission)

    @extend_schema_field(CheckinSignatureSerializer(many=True))
    def get_signatures(self, reservation):
        submission = submission_of(reservation)
        if submission is None:
            return []
        files = {(d.guest_index, d.field_key, d.kind): d for d in submission.kept_files}
        with translation.override("en"):
            given = signatures_of(submission, "en", files)
        return CheckinSignatureSerializer(
            [{**s, "document": s["document"].pk if s["document"] else None} for s in given], many=True
        ).data

    @extend_schema_field(CheckinDocumentSerializer(many=True))
    def get_documents(self, reservation):
        submission = submission_of(reservation)
        if submission is None:
            return []
        return CheckinDocumentSerializer(submission.kept_files, many=True, context=self.context).data


SIGNED = "WzEwMzQsN10:1tXyzA:Xy3kq0v0mXf1b2Yl9o6cQ2l2mPZkq7VwXnE0s1dY5fE"
EXAMPLE = {
    "reservation": 1042,
    "checkin_status": "completed",
    "started_at": "2026-11-28T18:02:11Z",
    "submitted_at": "2026-11-28T18:09:40Z",
    "reopened_at": None,
    "purged_at": None,
    "party_size": 2,
    "language": "es",
    "form": 3,
    "form_version": 4,
    "guests": [
        {
            "id": 88,
            "is_main": True,
            "first_name": "Ana",
            "last_name": "García",
            "email": "ana@example.com",
            "phone": "+34612345678",
        },
        {"id": 89, "is_main": False, "first_name": "Luis", "last_name": "García", "email": "", "phone": ""},
    ],
    "answers": [
        {
            "guest": None,
            "key": "arrival_time",
            "label": "Arrival time",
            "type": "text",
            "identity_data": False,
            "value": "17:30",
            "display": "17:30",
        },
        {
            "guest": 1,
            "key": "nationality",
            "label": "Nationality",
            "type": "country",
            "identity_data": False,
            "value": "ES",
            "display": "Spain",
        },
        {
            "guest": 1,
            "key": "document_number",
            "label": "Document number",
            "type": "text",
            "identity_data": True,
            "value": "X1234567",
            "display": "X1234567",
        },
    ],
    "signatures": [
        {"label": "Signature", "typed": "", "signed_at": None, "document": 1035},
    ],
    "documents": [
        {
            "id": 1034,
            "guest": 1,
            "field": "document_photo",
            "kind": "front",
            "content_type": "image/jpeg",
            "size": 284113,
            "url": f"https://app.gorently.com/api/v1/documents/{SIGNED}/",
            "expires_at": "2026-11-30T10:20:00Z",
        }
    ],
}


@extend_schema_view(
    retrieve=extend_schema(
        summary="Read a reservation's check-in",
        description=(
            "The check-in of reservation `reservation_id` (a reservation has one): its status, the guests, every "
            "answer, the signatures and the files.\n\n"
            "Before the guest starts, `checkin_status` is `not_started` and the check-in's own fields are null or "
            "empty. After the retention period (or when the host deletes them), identity documents are gone and "
            "identity-data answers (`identity_data: true`) read null; signatures stay.\n\n"
            "**Identity data.** A read-only key reads it too. Files are not in this response: each document has a "
            "`url` signed for your account that opens for five minutes (`expires_at`) with the same key; after "
            "that, read the check-in again for a new link. **Every file fetched is an entry in the account's "
            "activity log** (`checkin.document_viewed`, naming the key), as when a host opens it."
        ),
        parameters=[
            OpenApiParameter("reservation_id", ID_SCHEMA, OpenApiParameter.PATH, description="The reservation's id.")
        ],
        examples=[OpenApiExample("A completed check-in", value=EXAMPLE, response_only=True)],
    )
)
class CheckinViewSet(mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = CheckinSerializer
    queryset = Reservation.objects.none()
    lookup_url_kwarg = "reservation_id"
    lookup_value_regex = ID
    filter_backends = []

    def rows(self):
        return checkins_of(self.actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["organization_id"] = self.actor.organization.pk
            context["links_expire"] = timezone.now() + timedelta(seconds=LINK_SECONDS)
        return context

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["Cache-Control"] = PRIVATE_HEADERS["Cache-Control"]  # identity data and live links
        return response


# --- A file, through a signed link ---------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(
        summary="Download a check-in document",
        description=(
            "The file behind a document's `url` in a check-in: an identity document's photo or PDF, or a drawn "
            "signature, decrypted, as an attachment. Send the same API key (or one of the same account): the "
            "link is signed for your account and opens for five minutes; an expired, changed or other "
            "account's link is 404, like a document deleted since (read the check-in again for a new link).\n\n"
            "Each fetch is written to the account's activity log (`checkin.document_viewed`)."
        ),
        parameters=[
            OpenApiParameter(
                "signed",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The last segment of a document's `url`.",
                examples=[OpenApiExample("A link's segment", value=SIGNED)],
            )
        ],
        responses={
            (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")
            for content_type in FILE_TYPES
        },
    )
)
class DocumentFileViewSet(AccountViewSet):
    queryset = GuestDocument.objects.none()
    lookup_url_kwarg = "signed"
    lookup_value_regex = "[^/]+"
    filter_backends = []

    def perform_content_negotiation(self, request, force=False):
        # The file is no rendered data: any Accept is served; an error is JSON.
        return super().perform_content_negotiation(request, force=True)

    def retrieve(self, request, signed):
        actor = self.actor
        document_id = document_in(signed, actor.organization.pk)
        if document_id is None:
            raise Http404(_("This link has expired or is not valid: read the check-in again for a new one."))
        reservation, document = get_file_for(actor, document_id)
        content = content_of(document)
        extension = posixpath.splitext(document.file.name)[1]
        response = FileResponse(
            io.BytesIO(content),
            content_type=document.content_type,
            as_attachment=True,
            filename=f"{document.field_key}-{document.kind}{extension}",
        )
        for header, value in PRIVATE_HEADERS.items():
            response[header] = value
        record_action(
            actor,
            "checkin.document_viewed",
            target=reservation,
            request=request,
            document_id=document.pk,
            field_key=document.field_key,
            kind=document.kind,
            guest=guest_number(document.guest_index),
        )
        return response
