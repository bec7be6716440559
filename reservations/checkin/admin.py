"""Check-in in the platform admin: forms and their questions; check-ins and documents by their state only.

Guests' answers and identity documents are not shown here: hosts read them through the
permission-checked, logged reservation page, and staff have no need to.
"""

from django.contrib import admin

from reservations.checkin.models import CheckinForm, CheckinSubmission, FormField, GuestDocument


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 0
    fields = ["position", "key", "type", "scope", "required", "guesty_custom_field_id"]
    ordering = ["position", "id"]


@admin.register(CheckinForm)
class CheckinFormAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "is_default", "updated_at"]
    list_filter = ["is_default"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    inlines = [FormFieldInline]

    def save_formset(self, request, form, formset, change):
        for field in formset.save(commit=False):
            field.organization = form.instance.organization
            field.save()
        for field in formset.deleted_objects:
            field.delete()


@admin.register(CheckinSubmission)
class CheckinSubmissionAdmin(admin.ModelAdmin):
    list_display = ["reservation", "organization", "party_size", "step", "submitted_at", "purged_at"]
    list_filter = [("submitted_at", admin.EmptyFieldListFilter), ("purged_at", admin.EmptyFieldListFilter)]
    search_fields = ["reservation__confirmation_code", "reservation__guest_name", "organization__name"]
    list_select_related = ["reservation", "organization"]
    fields = ["reservation", "organization", "form_version", "party_size", "step", "language", "submitted_at",
              "reopened_at", "purged_at"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(GuestDocument)
class GuestDocumentAdmin(admin.ModelAdmin):
    list_display = ["submission", "guest_index", "field_key", "kind", "content_type", "size", "encrypted", "created_at"]
    list_filter = ["kind", "content_type", "encrypted"]  # unencrypted: left for `encrypt_guest_documents`
    search_fields = ["submission__reservation__confirmation_code"]
    list_select_related = ["submission__reservation"]
    fields = ["submission", "organization", "guest_index", "field_key", "kind", "content_type", "size", "encrypted"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
