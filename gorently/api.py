"""What every API endpoint shares: cursor pages, one shape for every error, and that shape in the schema.

An error is always `{"error": {"status", "code", "message", "fields"}}`: `fields` maps a field (or
"non_field_errors") to its messages for invalid input and is empty otherwise. A service's Django
`ValidationError` reads as the same 400 as a serializer's.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

# Ids: 64-bit positive integers. Path ids match any segment, so a bad one is the view's 404 in the error
# shape (`id_in_path`), not the URL resolver's.
MAX_ID = 2**63 - 1
ID = "[^/]+"
ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}


def id_in_path(view, name="pk"):
    """The id the path names; 404 for anything else (text, a number past 64 bits)."""
    value = view.kwargs[name]
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
        raise Http404
    return int(value)


class Cursor(CursorPagination):
    """Pages that stay right while rows are added: `?cursor=…` from `next` / `previous`, `page_size` up to 200."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"

    def get_page_size(self, request):
        # DRF quietly uses the default for a bad value; an integrator should hear that it was bad.
        given = request.query_params.get(self.page_size_query_param)
        if given is not None and not (given.isascii() and given.isdigit() and 0 < int(given) <= self.max_page_size):
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}]}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


class Filters(DjangoFilterBackend):
    """django-filter's, except that a filter sent empty (`?until=`) is an error rather than quietly ignored,
    as any other value it cannot read already is."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None:
            empty = [name for name in filterset.form.fields if request.query_params.get(name, None) == ""]
            if empty:
                raise exceptions.ValidationError(
                    {name: [_("Give a value, or leave the parameter out.")] for name in empty}
                )
        return super().filter_queryset(request, queryset, view)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {"error": _error(response.status_code, exc, response.data)}
    return response


def _error(status, exc, data):
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        if "__all__" in fields:  # a model's own checks (a unique constraint) say __all__
            fields = {"non_field_errors": fields["__all__"]} | {k: v for k, v in fields.items() if k != "__all__"}
        return {"status": status, "code": "invalid", "message": _("Some fields are not valid."), "fields": fields}
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
    else:  # Http404, PermissionDenied: DRF has turned them into its own and kept the message in `data`
        detail = data.get("detail", "") if isinstance(data, dict) else data
        code = {404: "not_found", 403: "permission_denied"}.get(status, code)
    return {"status": status, "code": code, "message": str(detail), "fields": {}}


@csrf_exempt  # a POST to a wrong address is a 404 too, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any other address under /api/: the same error shape, not an HTML page."""
    body = {"status": 404, "code": "not_found", "message": _("There is no such API endpoint."), "fields": {}}
    return JsonResponse({"error": body}, status=404)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer", "example": 404},
                "code": {"type": "string", "example": "not_found"},
                "message": {"type": "string", "example": "Not found."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {}},
                    "example": {},
                },
            },
        }
    },
}
ERRORS = {
    "400": "Invalid input: `fields` says what to change.",
    "401": "No API key, or an unknown or revoked one.",
    "403": "The key is read-only, or may not do this.",
    "404": "No such object in this account (another account's ids are not found either).",
    "429": "Too many requests for this key: wait for `Retry-After` seconds.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: every operation documents the error shape for each error it can answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result
